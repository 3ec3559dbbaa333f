import type { Logger } from "../logging/logger";
import type { ConsumerMetrics } from "../metrics/consumer-metrics";
import type { PayloadReader } from "../payloads/payload-store";
import type { DeadLetterSender } from "./dead-letter-port";
import type { FailureWriter } from "./failure-capture";
import type { IdempotencyGuard } from "./idempotency-port";
import type { RetryBackoff } from "./retry-visibility";
import type { Transaction } from "./transaction";

/** What every message has, parsed or not. */
export interface MessageEnvelope {
  /** The SQS message id (also the record's `itemIdentifier` in a partial batch response). */
  readonly id: string;
  /** The logical queue name (without `.fifo`). */
  readonly queue: string;
  readonly groupId: string;
  /**
   * The ORIGINAL deduplication id, the key of the exactly-once effect: the `fifoq-dedup-id` attribute of a
   * redriven message, else `MessageDeduplicationId`, else the message id.
   */
  readonly dedupId: string;
  readonly sequenceNumber: string;
  /** The user's String and Number message attributes (Binary and `fifoq-*` ones are only forwarded to the DLQ). */
  readonly attributes: Readonly<Record<string, string>>;
  /** `ApproximateReceiveCount`: 1 on the first delivery. */
  readonly attempt: number;
  /** `SentTimestamp`. */
  readonly sentAt: Date;
}

export interface ConsumerMessage<TBody> extends MessageEnvelope {
  /** `JSON.parse` of the SQS body, then the definition's `parse` when it has one. */
  readonly body: TBody;
}

/** Given to `onFailure` when the body could not be parsed (`"rawBody" in message` tells them apart). */
export interface UnparsedMessage extends MessageEnvelope {
  readonly body: undefined;
  readonly rawBody: string;
}

export interface HandlerContext {
  /** Milliseconds until the Lambda deadline. */
  remainingTimeMs(): number;
  /** A child logger that already carries queue, messageId, groupId, dedupId and attempt. */
  readonly logger: Logger;
  /**
   * Stages DynamoDB writes on the queue's `effectTables`; they are applied in one transaction with the
   * record's completion after `handle` returns: exactly once, or (if `handle` throws) not at all.
   */
  readonly transaction: Transaction;
  /**
   * The queue's effect tables by their configured name, each to its name in DynamoDB (a declared table is
   * `<stack>-<name>` in AWS): `context.transaction.put({ TableName: context.tables.accounts, … })`.
   */
  readonly tables: Readonly<Record<string, string>>;
}

/** What a consumer module declares with `defineConsumer`. */
export interface ConsumerDefinition<TBody = unknown, TResult = unknown> {
  /** Validates the JSON body. A throw here is permanent: the message is dead-lettered at once. */
  readonly parse?: (body: unknown) => TBody;
  /** The effect. A throw is retried by SQS (a `PermanentError` is dead-lettered at once). */
  readonly handle: (message: ConsumerMessage<TBody>, context: HandlerContext) => Promise<TResult> | TResult;
  /** After `handle` succeeded. A throw here is logged and does not change the record's outcome. */
  readonly onSuccess?: (message: ConsumerMessage<TBody>, result: TResult) => Promise<void> | void;
  /** After a failure or a dead-letter. A throw here is logged and does not change the record's outcome. */
  readonly onFailure?: (
    message: ConsumerMessage<TBody> | UnparsedMessage,
    error: Error,
  ) => Promise<void> | void;
}

/** Everything the runtime needs; built by the Lambda edge, the local stack or a test. */
export interface ConsumerDeps {
  /** The logical queue name (without `.fifo`). */
  readonly queue: string;
  readonly deadLetters: DeadLetterSender;
  /** `undefined` turns idempotency off. */
  readonly idempotency?: IdempotencyGuard | undefined;
  /**
   * Where the reason of a failed `handle` goes, for the dead letter's `lastError`: one write per batch that
   * had failures (none on the happy path), and one before each dead-letter send. `undefined`: not captured.
   */
  readonly failureLog?: FailureWriter | undefined;
  /** Where claim-checked bodies are: `message.body` is always the whole body, never the reference. */
  readonly payloads?: PayloadReader | undefined;
  /**
   * Retry backoff: the records reported failed get their group's wait as their visibility (one call per batch
   * that had a retryable failure, none otherwise). `undefined` (`retry: false`): they wait the visibility timeout.
   */
  readonly retry?: RetryBackoff | undefined;
  readonly logger: Logger;
  /** Told every batch's results once, after the batch (EMF metrics). `undefined`: no metrics. */
  readonly metrics?: ConsumerMetrics | undefined;
  /**
   * Tables `context.transaction` may stage writes on (the queue's `effectTables`): configured names to names
   * in DynamoDB, or names used as they are. @default none
   */
  readonly effectTables?: readonly string[] | Readonly<Record<string, string>> | undefined;
  /** Epoch milliseconds. @default Date.now */
  readonly now?: (() => number) | undefined;
  /** Records are not started once less than this is left. @default max(1000, 10% of the budget), at most half of it */
  readonly safetyMarginMs?: number | undefined;
}

export type Outcome = "processed" | "duplicate" | "failed" | "skipped" | "dead-lettered";

/** Why a record was skipped (logged as `reason`). */
export type SkipReason = "group-failed" | "deadline";
