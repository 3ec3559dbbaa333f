import type { BatchStatementRequest, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { StoreUnavailableError } from "../../core/idempotency/errors";
import type {
  ClaimResult,
  ClaimWrite,
  Commit,
  CommitResult,
  IdempotencyStore,
  TakeOverResult,
  TakeOverWrite,
} from "../../core/idempotency/store-port";
import { executeStatements, readItems, type TableContext, translateStatementError } from "./batch-requests";
import {
  CLAIM_COLUMNS,
  COMMIT_COLUMNS,
  claimValues,
  commitValues,
  type Item,
  itemToClaim,
  itemToCommit,
  PK,
} from "./idempotency-items";

export interface DynamoDbIdempotencyStoreOptions {
  readonly dynamo: DynamoDBClient;
  readonly table: string;
}

/** PartiQL INSERT fails on an existing key (`DuplicateItem`), each statement on its own: put-if-absent. */
const isDuplicate = (code: string | undefined) =>
  code === "DuplicateItem" || code === "ConditionalCheckFailed";

const insert = (table: string, columns: readonly string[]) =>
  `INSERT INTO "${table}" VALUE {'${PK}': ?, ${columns.map((column) => `'${column}': ?`).join(", ")}}`;

/** PartiQL UPDATE of a missing item, or one whose batchId differs, fails with `ConditionalCheckFailed`. */
const updateClaim = (table: string) =>
  `UPDATE "${table}" ${CLAIM_COLUMNS.map((column) => `SET "${column}" = ?`).join(" ")} WHERE "${PK}" = ? AND "batchId" = ?`;

const claimAll = async (context: TableContext, writes: readonly ClaimWrite[]): Promise<ClaimResult[]> => {
  const Statement = insert(context.table, CLAIM_COLUMNS);
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

const takeOverAll = async (
  context: TableContext,
  writes: readonly TakeOverWrite[],
): Promise<TakeOverResult[]> => {
  const Statement = updateClaim(context.table);
  const statements = writes.map(
    ({ key, claim, fromBatchId }): BatchStatementRequest => ({
      Statement,
      Parameters: [...claimValues(claim), { S: key }, { S: fromBatchId }],
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

/** A single-assignment register: INSERT, and on `DuplicateItem` read the commit that is there. */
const putCommit = async (context: TableContext, key: string, commit: Commit): Promise<CommitResult> => {
  const Statement = insert(context.table, COMMIT_COLUMNS);
  const [response] = await executeStatements(context, "commit", [
    { Statement, Parameters: [{ S: key }, ...commitValues(commit)] },
  ]);
  const error = response?.Error;
  if (!error) return { kind: "written" };
  if (!isDuplicate(error.Code)) throw translateStatementError("commit", error);
  const current = (await readItems(context, "commit", [key])).get(key);
  if (!current) throw new StoreUnavailableError("commit", "the condition failed but no commit is there");
  return { kind: "exists", current: itemToCommit(current) };
};

const decodeAll = <T>(items: ReadonlyMap<string, Item>, decode: (item: Item) => T): Map<string, T> =>
  new Map([...items].map(([key, item]) => [key, decode(item)] as const));

/**
 * The idempotency store on one DynamoDB table, with one command: PartiQL BatchExecuteStatement, whose
 * statements succeed or fail one by one (INSERT = put-if-absent, UPDATE … WHERE = conditional replace,
 * SELECT with ConsistentRead = strongly consistent read). Every SDK error becomes a `StoreError` here; a
 * refused condition is a result.
 */
export const createDynamoDbIdempotencyStore = (
  options: DynamoDbIdempotencyStoreOptions,
): IdempotencyStore => {
  const context: TableContext = { dynamo: options.dynamo, table: options.table };
  return {
    claimAll: (writes) => claimAll(context, writes),
    readClaims: async (keys) => decodeAll(await readItems(context, "read claims", keys), itemToClaim),
    readCommits: async (keys) => decodeAll(await readItems(context, "read commits", keys), itemToCommit),
    takeOverAll: (writes) => takeOverAll(context, writes),
    putCommit: (key, commit) => putCommit(context, key, commit),
  };
};
