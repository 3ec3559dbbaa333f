import type { ErrorSummary } from "./types";

/**
 * Why a message failed, as the consumer runtime saw it on its latest failed attempt. The dead-letter recorder
 * reads it to give a dead letter its `lastError`, its ORIGINAL dedup id and its original send time.
 */
export interface FailureRecord {
  /** Logical queue name (without `.fifo`). */
  readonly queue: string;
  /** The SQS message id the consumer received. */
  readonly messageId: string;
  /** The dedup id the consumer used (the `fifoq-dedup-id` attribute when present). */
  readonly dedupId: string;
  readonly groupId: string;
  /** ApproximateReceiveCount of the failed attempt (1 on the first delivery). */
  readonly attempt: number;
  readonly error: ErrorSummary;
  /** ISO-8601 time of the failure. */
  readonly at: string;
  /** ISO-8601 `SentTimestamp` of the message, when the runtime knows it. */
  readonly sentAt?: string | undefined;
}

/**
 * The reason-capture port. The runtime calls `record` once per batch and only when something failed (nothing
 * on the happy path), and BEFORE it sends a permanently failed record to the dead-letter queue. The latest
 * attempt wins. `lookup` is for the recorder.
 */
export interface FailureLog {
  /** Throws `DeadLetterStoreUnavailableError` when the failures could not all be written. */
  record(failures: readonly FailureRecord[]): Promise<void>;
  lookup(queue: string, messageId: string): Promise<FailureRecord | undefined>;
}
