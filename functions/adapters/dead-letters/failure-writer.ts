import type { AttributeValue, DynamoDBClient, WriteRequest } from "@aws-sdk/client-dynamodb";
import type { FailureWriter } from "../../core/consumer/failure-capture";
import type { FailureRecord } from "../../core/dead-letters/failure-log";
import { boundText } from "../../core/logging/bounded-text";
import { IDEMPOTENCY_TABLE } from "../../core/tables";
import { dynamoDbSdk } from "../dynamodb/sdk";
import { FailureLogWriteError } from "./errors";

const { BatchWriteItemCommand } = dynamoDbSdk;

/** Failure entries outlive the dead-letter queue's 14-day retention by a day. */
export const FAILURE_TTL_SECONDS = 15 * 24 * 3600;

/** BatchWriteItem takes at most 25 requests. */
const BATCH_LIMIT = 25;

/** Failure entries live in the idempotency table under their own prefix (claims use `c#`, commits `b#`). */
export const failureKey = (queue: string, messageId: string): string => `f#${queue}#${messageId}`;

export interface DynamoDbFailureWriterOptions {
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
  errorMessage: { S: boundText(failure.error.message) },
  at: { S: failure.at },
  ...(failure.sentAt ? { sentAt: { S: failure.sentAt } } : {}),
  [IDEMPOTENCY_TABLE.ttlAttribute]: { N: String(expiresAt) },
});

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
    try {
      pending = (await dynamo.send(command)).UnprocessedItems?.[table] ?? [];
    } catch (cause) {
      throw new FailureLogWriteError({ cause });
    }
  }
  if (pending.length > 0) {
    // DynamoDB took the requests but had no capacity left for these: a fault on its side, a retry may cure it.
    const cause = Object.assign(
      new Error(`${pending.length} failure entries left unprocessed after ${maxAttempts} attempts`),
      { $fault: "server" },
    );
    throw new FailureLogWriteError({ cause });
  }
};

/**
 * Writes failure entries to the idempotency table: one BatchWriteItem per 25 entries (unconditional puts: the
 * latest attempt wins). Throws `FailureLogWriteError`, carrying the SDK error as `cause`.
 */
export const createDynamoDbFailureWriter = (options: DynamoDbFailureWriterOptions): FailureWriter => {
  const ttl = options.ttlSeconds ?? FAILURE_TTL_SECONDS;
  const settings: WriteSettings = {
    dynamo: options.dynamo,
    table: options.table,
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
  };
};
