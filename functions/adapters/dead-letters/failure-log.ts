import {
  type AttributeValue,
  BatchWriteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import { DeadLetterStoreUnavailableError } from "../../core/dead-letters/errors";
import type { FailureLog, FailureRecord } from "../../core/dead-letters/failure-log";
import { IDEMPOTENCY_TABLE } from "../../core/tables";
import { guarded } from "./dynamo-context";

/** Failure entries outlive the dead-letter queue's 14-day retention by a day. */
export const FAILURE_TTL_SECONDS = 15 * 24 * 3600;

/** BatchWriteItem takes at most 25 requests. */
const BATCH_LIMIT = 25;

/** An error message is cut to this many characters (the entry stays small). */
const MAX_ERROR_MESSAGE = 2000;

/** Failure entries live in the idempotency table under their own prefix (claims use `c#`, commits `b#`). */
export const failureKey = (queue: string, messageId: string): string => `f#${queue}#${messageId}`;

export interface DynamoDbFailureLogOptions {
  readonly dynamo: DynamoDBClient;
  /** The idempotency table (FIFOQ_IDEMPOTENCY_TABLE): the consumer may write only its own table. */
  readonly table: string;
  /** @default FAILURE_TTL_SECONDS */
  readonly ttlSeconds?: number;
  /** Attempts for items DynamoDB leaves unprocessed. @default 5 */
  readonly maxAttempts?: number;
  /** Wait before attempt n+1 is `baseDelayMs × 2^n`. @default 25 */
  readonly baseDelayMs?: number;
  /** Epoch ms, for the TTL. @default Date.now */
  readonly now?: () => number;
}

const toItem = (failure: FailureRecord, expiresAt: number): Record<string, AttributeValue> => ({
  [IDEMPOTENCY_TABLE.partitionKey]: { S: failureKey(failure.queue, failure.messageId) },
  queue: { S: failure.queue },
  messageId: { S: failure.messageId },
  dedupId: { S: failure.dedupId },
  groupId: { S: failure.groupId },
  attempt: { N: String(failure.attempt) },
  errorName: { S: failure.error.name },
  errorMessage: { S: failure.error.message.slice(0, MAX_ERROR_MESSAGE) },
  at: { S: failure.at },
  ...(failure.sentAt ? { sentAt: { S: failure.sentAt } } : {}),
  [IDEMPOTENCY_TABLE.ttlAttribute]: { N: String(expiresAt) },
});

/** A stored entry, or undefined when it is not one this adapter wrote (a missing reason is not fatal). */
const fromItem = (item: Record<string, AttributeValue>): FailureRecord | undefined => {
  const s = (name: string) => item[name]?.S;
  const [queue, messageId, dedupId, groupId, name, message, at] = [
    s("queue"),
    s("messageId"),
    s("dedupId"),
    s("groupId"),
    s("errorName"),
    s("errorMessage"),
    s("at"),
  ];
  const attempt = Number(item.attempt?.N);
  if (
    !queue ||
    !messageId ||
    dedupId === undefined ||
    groupId === undefined ||
    !name ||
    message === undefined ||
    !at
  ) {
    return undefined;
  }
  return {
    queue,
    messageId,
    dedupId,
    groupId,
    attempt: attempt > 0 ? attempt : 1,
    error: { name, message },
    at,
    sentAt: s("sentAt"),
  };
};

/** One entry per message: when a batch names a message twice, the higher attempt (then the later one) wins. */
const latestPerMessage = (failures: readonly FailureRecord[]): FailureRecord[] => {
  const latest = new Map<string, FailureRecord>();
  for (const failure of failures) {
    const key = failureKey(failure.queue, failure.messageId);
    const seen = latest.get(key);
    if (!seen || failure.attempt >= seen.attempt) latest.set(key, failure);
  }
  return [...latest.values()];
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface WriteSettings {
  readonly dynamo: DynamoDBClient;
  readonly table: string;
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
}

/** Writes ≤25 requests, retrying what DynamoDB leaves unprocessed with exponential backoff. */
const writeChunk = async (settings: WriteSettings, requests: WriteRequest[]) => {
  const { dynamo, table, maxAttempts } = settings;
  let pending = requests;
  for (let attempt = 0; attempt < maxAttempts && pending.length > 0; attempt += 1) {
    if (attempt > 0) await sleep(settings.baseDelayMs * 2 ** attempt);
    const command = new BatchWriteItemCommand({ RequestItems: { [table]: pending } });
    const { UnprocessedItems } = await guarded("failure log write", () => dynamo.send(command));
    pending = UnprocessedItems?.[table] ?? [];
  }
  if (pending.length > 0) {
    const cause = new Error(
      `${pending.length} failure entries left unprocessed after ${maxAttempts} attempts`,
    );
    throw new DeadLetterStoreUnavailableError("failure log write", { cause });
  }
};

/**
 * The failure log on the idempotency table: `record` is one BatchWriteItem per 25 entries (unconditional
 * puts: the latest attempt wins), `lookup` one strongly consistent GetItem. SDK errors become
 * `DeadLetterStoreUnavailableError`.
 */
export const createDynamoDbFailureLog = (options: DynamoDbFailureLogOptions): FailureLog => {
  const { dynamo, table } = options;
  const ttl = options.ttlSeconds ?? FAILURE_TTL_SECONDS;
  const settings: WriteSettings = {
    dynamo,
    table,
    maxAttempts: options.maxAttempts ?? 5,
    baseDelayMs: options.baseDelayMs ?? 25,
  };
  return {
    async record(failures) {
      const expiresAt = Math.floor((options.now ?? Date.now)() / 1000) + ttl;
      const requests = latestPerMessage(failures).map((f) => ({
        PutRequest: { Item: toItem(f, expiresAt) },
      }));
      const chunks: WriteRequest[][] = [];
      for (let i = 0; i < requests.length; i += BATCH_LIMIT) chunks.push(requests.slice(i, i + BATCH_LIMIT));
      await Promise.all(chunks.map((chunk) => writeChunk(settings, chunk)));
    },
    async lookup(queue, messageId) {
      const key = { [IDEMPOTENCY_TABLE.partitionKey]: { S: failureKey(queue, messageId) } };
      const command = new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true });
      const { Item } = await guarded("failure log read", () => dynamo.send(command));
      return Item ? fromItem(Item) : undefined;
    },
  };
};
