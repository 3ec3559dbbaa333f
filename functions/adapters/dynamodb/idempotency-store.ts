import type { BatchStatementRequest, BatchStatementResponse } from "@aws-sdk/client-dynamodb";
import { StoreUnavailableError } from "../../core/idempotency/errors";
import type {
  ClaimResult,
  ClaimWrite,
  IdempotencyStore,
  TakeOverResult,
  TakeOverWrite,
} from "../../core/idempotency/store-port";
import { abort, commit, commitRecord } from "./idempotency-commits";
import {
  CLAIM_COLUMNS,
  CLAIM_DONE,
  claimValues,
  type IdempotencyTable,
  type Item,
  itemToClaim,
  itemToCommit,
  num,
  PK,
  TTL,
} from "./idempotency-items";
import { dynamoDbSdk } from "./sdk";
import { translateSdkError, translateStatementError } from "./sdk-errors";

const { BatchExecuteStatementCommand } = dynamoDbSdk;

/**
 * One BatchExecuteStatement; answers in statement order. DynamoDB takes at most 25 statements per request and
 * a FIFO batch has at most 10 records, so the protocol never needs more than one. No statements: no request.
 */
const executeStatements = async (
  context: IdempotencyTable,
  operation: string,
  statements: BatchStatementRequest[],
): Promise<BatchStatementResponse[]> => {
  if (statements.length === 0) return [];
  let responses: BatchStatementResponse[];
  try {
    const output = await context.dynamo.send(new BatchExecuteStatementCommand({ Statements: statements }));
    responses = output.Responses ?? [];
  } catch (error) {
    throw translateSdkError(error, operation);
  }
  if (responses.length !== statements.length) {
    throw new StoreUnavailableError(
      operation,
      `${responses.length} answers to ${statements.length} statements`,
    );
  }
  return responses;
};

/** Strongly consistent read of every key, one PartiQL `SELECT` each, in one request. pk → item. */
const readItems = async (context: IdempotencyTable, operation: string, keys: readonly string[]) => {
  const unique = [...new Set(keys)];
  const Statement = `SELECT * FROM "${context.table}" WHERE "${PK}" = ?`;
  const responses = await executeStatements(
    context,
    operation,
    unique.map((key) => ({ Statement, Parameters: [{ S: key }], ConsistentRead: true })),
  );
  const found = new Map<string, Item>();
  responses.forEach(({ Error: error, Item: item }, index) => {
    if (error) throw translateStatementError(operation, error);
    const key = unique[index];
    if (item && key !== undefined) found.set(key, item);
  });
  return found;
};

/** PartiQL INSERT fails on an existing key (`DuplicateItem`), each statement on its own: put-if-absent. */
const isDuplicate = (code: string | undefined) =>
  code === "DuplicateItem" || code === "ConditionalCheckFailed";

const claimAll = async (context: IdempotencyTable, writes: readonly ClaimWrite[]): Promise<ClaimResult[]> => {
  const columns = CLAIM_COLUMNS.map((column) => `'${column}': ?`).join(", ");
  const Statement = `INSERT INTO "${context.table}" VALUE {'${PK}': ?, ${columns}}`;
  const statements = writes.map(({ key, claim }) => ({
    Statement,
    Parameters: [{ S: key }, ...claimValues(claim)],
  }));
  const responses = await executeStatements(context, "claim", statements);
  return responses.map(({ Error: error }): ClaimResult => {
    if (!error) return { kind: "claimed" };
    if (isDuplicate(error.Code)) return { kind: "exists" };
    return { kind: "unavailable", error: translateStatementError("claim", error) };
  });
};

/**
 * PartiQL UPDATE of a missing item, or one held by another batch, or done within its window, fails with
 * `ConditionalCheckFailed` (and returns the item as it is).
 */
const takeOverAll = async (
  context: IdempotencyTable,
  writes: readonly TakeOverWrite[],
): Promise<TakeOverResult[]> => {
  const sets = CLAIM_COLUMNS.map((column) => `SET "${column}" = ?`).join(" ");
  const free = `("${CLAIM_DONE}" IS MISSING OR "${TTL}" <= ?)`;
  const Statement = `UPDATE "${context.table}" ${sets} REMOVE "${CLAIM_DONE}" WHERE "${PK}" = ? AND "batchId" = ? AND ${free}`;
  const statements = writes.map(
    ({ key, claim, fromBatchId, nowMs }): BatchStatementRequest => ({
      Statement,
      Parameters: [...claimValues(claim), { S: key }, { S: fromBatchId }, num(Math.floor(nowMs / 1000))],
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    }),
  );
  const responses = await executeStatements(context, "take over", statements);
  return responses.map(({ Error: error }): TakeOverResult => {
    if (!error) return { kind: "taken" };
    if (error.Code !== "ConditionalCheckFailed") {
      return { kind: "unavailable", error: translateStatementError("take over", error) };
    }
    return { kind: "lost", current: error.Item ? itemToClaim(error.Item) : undefined };
  });
};

const decodeAll = <T>(items: ReadonlyMap<string, Item>, decode: (item: Item) => T): Map<string, T> =>
  new Map([...items].map(([key, item]) => [key, decode(item)] as const));

/**
 * The idempotency store on one DynamoDB table. Claims, take-overs and reads are PartiQL statements in one
 * BatchExecuteStatement (INSERT = put-if-absent, UPDATE … WHERE = conditional replace, SELECT with
 * ConsistentRead); commits are conditional UpdateItems and a record's staged writes one TransactWriteItems
 * (idempotency-commits.ts). Every SDK error becomes a `StoreError` here; a refused condition is a result.
 */
export const createDynamoDbIdempotencyStore = (context: IdempotencyTable): IdempotencyStore => ({
  claimAll: (writes) => claimAll(context, writes),
  readClaims: async (keys) => decodeAll(await readItems(context, "read claims", keys), itemToClaim),
  readCommits: async (keys) => decodeAll(await readItems(context, "read commits", keys), itemToCommit),
  takeOverAll: (writes) => takeOverAll(context, writes),
  commit: (key, write) => commit(context, key, write),
  abort: (key, expiresAtS) => abort(context, key, expiresAtS),
  commitRecord: (transaction) => commitRecord(context, transaction),
});
