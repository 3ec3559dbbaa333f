import {
  type BatchStatementRequest,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
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
import { executeStatements, getItems, type TableContext } from "./batch-requests";
import {
  CLAIM_COLUMNS,
  claimValues,
  commitToItem,
  type Item,
  itemToClaim,
  itemToCommit,
  PK,
} from "./idempotency-items";
import { translateSdkError, translateStatementError } from "./sdk-errors";

export interface DynamoDbIdempotencyStoreOptions {
  readonly dynamo: DynamoDBClient;
  readonly table: string;
  /** Rounds of BatchGetItem for keys DynamoDB left unprocessed (throttling). @default 4 */
  readonly readRounds?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** PartiQL INSERT fails on an existing key (`DuplicateItem`), each statement on its own: put-if-absent. */
const insertClaim = (table: string) =>
  `INSERT INTO "${table}" VALUE {'${PK}': ?, ${CLAIM_COLUMNS.map((column) => `'${column}': ?`).join(", ")}}`;

/** PartiQL UPDATE of a missing item, or one whose batchId differs, fails with `ConditionalCheckFailed`. */
const updateClaim = (table: string) =>
  `UPDATE "${table}" ${CLAIM_COLUMNS.map((column) => `SET "${column}" = ?`).join(" ")} WHERE "${PK}" = ? AND "batchId" = ?`;

const claimAll = async (context: TableContext, writes: readonly ClaimWrite[]): Promise<ClaimResult[]> => {
  const Statement = insertClaim(context.table);
  const statements = writes.map(({ key, claim }) => ({
    Statement,
    Parameters: [{ S: key }, ...claimValues(claim)],
  }));
  const responses = await executeStatements(context, "claim", statements);
  return responses.map(({ Error: error }): ClaimResult => {
    if (!error) return { kind: "claimed" };
    if (error.Code === "DuplicateItem" || error.Code === "ConditionalCheckFailed") return { kind: "exists" };
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

const putCommit = async (context: TableContext, key: string, commit: Commit): Promise<CommitResult> => {
  try {
    await context.dynamo.send(
      new PutItemCommand({
        TableName: context.table,
        Item: commitToItem(key, commit),
        ConditionExpression: "attribute_not_exists(#pk)",
        ExpressionAttributeNames: { "#pk": PK },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    );
    return { kind: "written" };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw translateSdkError(error, "commit");
    const current = error.Item ?? (await getItems(context, "commit", [key])).get(key);
    if (!current) throw new StoreUnavailableError("commit", "the condition failed but no commit is there");
    return { kind: "exists", current: itemToCommit(current) };
  }
};

const decodeAll = <T>(items: ReadonlyMap<string, Item>, decode: (item: Item) => T): Map<string, T> =>
  new Map([...items].map(([key, item]) => [key, decode(item)] as const));

/**
 * The idempotency store on one DynamoDB table, with low-level commands only: PartiQL BatchExecuteStatement
 * for per-item conditional writes in one request, BatchGetItem (strongly consistent) for reads, PutItem with a
 * condition for commits. Every SDK error becomes a `StoreError` here; a refused condition is a result.
 */
export const createDynamoDbIdempotencyStore = (
  options: DynamoDbIdempotencyStoreOptions,
): IdempotencyStore => {
  const context: TableContext = {
    dynamo: options.dynamo,
    table: options.table,
    readRounds: options.readRounds ?? 4,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  };
  return {
    claimAll: (writes) => claimAll(context, writes),
    readClaims: async (keys) => decodeAll(await getItems(context, "read claims", keys), itemToClaim),
    readCommits: async (keys) => decodeAll(await getItems(context, "read commits", keys), itemToCommit),
    takeOverAll: (writes) => takeOverAll(context, writes),
    putCommit: (key, commit) => putCommit(context, key, commit),
  };
};
