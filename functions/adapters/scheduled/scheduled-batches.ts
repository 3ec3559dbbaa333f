import type { AttributeValue, BatchStatementRequest, BatchStatementResponse } from "@aws-sdk/client-dynamodb";
import { type BatchAnswer, createCallBatcher } from "../../core/batching/call-batcher";
import type { ScheduledMessage, ScheduledRef } from "../../core/scheduled/types";
import { SCHEDULED_TABLE } from "../../core/tables";
import { dynamoDbSdk } from "../dynamodb/sdk";
import { classifyStatementError } from "../sdk-errors";
import type { ScheduledTable } from "./scheduled-create";
import { fromItem } from "./scheduled-item";
import { scheduledStoreError, storeCall } from "./store-call";

const { BatchExecuteStatementCommand } = dynamoDbSdk;

/** DynamoDB's limit of statements per BatchExecuteStatement. */
const MAX_STATEMENTS = 25;

/** Batch requests of one kind in flight at once per process (a Lambda container, or the local stack). */
const MAX_IN_FLIGHT = 4;

type Item = Record<string, AttributeValue>;

const { partitionKey: QUEUE, sortKey: ID } = SCHEDULED_TABLE;
const { partitionKey: GROUP_KEY, sortKey: DUE_KEY } = SCHEDULED_TABLE.byGroupDueIndex;

/** What one statement's `Error` means for its caller: a lost condition is an answer, anything else an error. */
type StatementOutcome = { readonly item?: Item | undefined } | { readonly conditionFailed: true };

const answerOf = (operation: string, response: BatchStatementResponse | undefined) => {
  const error = response?.Error;
  if (!response) return { ok: false, error: new Error(`scheduled ${operation}: no answer`) } as const;
  if (!error) return { ok: true, value: { item: response.Item } } as const;
  if (error.Code === "ConditionalCheckFailed") return { ok: true, value: { conditionFailed: true } } as const;
  return { ok: false, error: scheduledStoreError(operation, classifyStatementError(error)) } as const;
};

interface StatementKind<I> {
  readonly operation: string;
  readonly keyOf: (input: I) => string;
  readonly toStatement: (input: I) => BatchStatementRequest;
  /** A conditional write: of two inputs naming one item, only the first can win (the second lost to it). */
  readonly conditional?: boolean;
}

const duplicateAnswer = <I>(kind: StatementKind<I>, first: BatchAnswer<StatementOutcome>) =>
  kind.conditional && first.ok && !("conditionFailed" in first.value)
    ? ({ ok: true, value: { conditionFailed: true } } as const)
    : first;

/**
 * Runs statements (one per input) in one BatchExecuteStatement. Inputs naming the same item are sent once (DynamoDB
 * refuses a batch that names an item twice): a read shares the answer, a conditional write's later input lost.
 */
const runStatements =
  <I>(ctx: ScheduledTable, kind: StatementKind<I>) =>
  async (inputs: readonly I[]): Promise<BatchAnswer<StatementOutcome>[]> => {
    const { operation, keyOf, toStatement } = kind;
    const firstOf = new Map<string, number>();
    const statements: BatchStatementRequest[] = [];
    for (const input of inputs) {
      const key = keyOf(input);
      if (firstOf.has(key)) continue;
      firstOf.set(key, statements.length);
      statements.push(toStatement(input));
    }
    const command = new BatchExecuteStatementCommand({ Statements: statements });
    const { Responses = [] } = await storeCall(operation, () => ctx.dynamo.send(command));
    const answers = statements.map((_, index) => answerOf(operation, Responses[index]));
    const seen = new Set<string>();
    return inputs.map((input) => {
      const key = keyOf(input);
      const first = answers[firstOf.get(key) ?? -1] ?? answerOf(operation, undefined);
      if (seen.has(key)) return duplicateAnswer(kind, first);
      seen.add(key);
      return first;
    });
  };

/** Single calls of one kind of statement, coalesced into BatchExecuteStatements. */
const statementBatcher = <I>(ctx: ScheduledTable, kind: StatementKind<I>) =>
  createCallBatcher({ run: runStatements(ctx, kind), maxBatch: MAX_STATEMENTS, maxInFlight: MAX_IN_FLIGHT });

const refKey = (ref: ScheduledRef) => JSON.stringify([ref.queue, ref.id]);

const keyParameters = (ref: ScheduledRef): AttributeValue[] => [{ S: ref.queue }, { S: ref.id }];

interface ScheduledBatches {
  /** A strongly consistent read (PartiQL `SELECT`, batched). */
  get(ref: ScheduledRef): Promise<ScheduledMessage | undefined>;
  /** `scheduled → released` at `at`, conditional on `scheduled` (PartiQL `UPDATE … WHERE`, batched). */
  release(ref: ScheduledRef, at: number): Promise<"won" | "lost">;
  /** `sent` and the FIFO message id; the item leaves the group-order index (batched). */
  markSent(ref: ScheduledRef, messageId: string): Promise<void>;
}

/**
 * The release path's store calls, each coalesced with the concurrent calls of its kind into one
 * BatchExecuteStatement (see `createCallBatcher`): the same conditions as single calls, fewer round trips.
 */
export const createScheduledBatches = (ctx: ScheduledTable): ScheduledBatches => {
  const { table } = ctx;
  const where = `WHERE "${QUEUE}" = ? AND "${ID}" = ?`;
  const select = statementBatcher<ScheduledRef>(ctx, {
    operation: "get",
    keyOf: refKey,
    toStatement: (ref) => ({
      Statement: `SELECT * FROM "${table}" ${where}`,
      Parameters: keyParameters(ref),
      ConsistentRead: true,
    }),
  });
  const release = statementBatcher<{ ref: ScheduledRef; at: number }>(ctx, {
    operation: "release",
    keyOf: (input) => refKey(input.ref),
    toStatement: (input) => ({
      Statement: `UPDATE "${table}" SET "state" = ? SET "releasedAt" = ? ${where} AND "state" = ?`,
      Parameters: [
        { S: "released" },
        { N: String(input.at) },
        ...keyParameters(input.ref),
        { S: "scheduled" },
      ],
    }),
    conditional: true,
  });
  const sent = statementBatcher<{ ref: ScheduledRef; messageId: string }>(ctx, {
    operation: "markSent",
    keyOf: (input) => refKey(input.ref),
    toStatement: (input) => ({
      Statement: `UPDATE "${table}" SET "sent" = ? SET "messageId" = ? REMOVE "${GROUP_KEY}" REMOVE "${DUE_KEY}" ${where}`,
      Parameters: [{ BOOL: true }, { S: input.messageId }, ...keyParameters(input.ref)],
    }),
  });
  return {
    async get(ref) {
      if (ref.id.startsWith(SCHEDULED_TABLE.dedupPrefix)) return undefined;
      const outcome = await select(ref);
      return "item" in outcome && outcome.item ? fromItem(outcome.item) : undefined;
    },
    async release(ref, at) {
      return "conditionFailed" in (await release({ ref, at })) ? "lost" : "won";
    },
    async markSent(ref, messageId) {
      // An UPDATE of an item that does not exist fails its condition: the record is gone (TTL), nothing to mark.
      await sent({ ref, messageId });
    },
  };
};
