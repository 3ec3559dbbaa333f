/** The shapes of fifoq's HTTP API (its public contract), as the client sends and returns them. */

/** One message to publish. */
export interface Message<Body = unknown> {
  /** Any JSON value. */
  readonly body: Body;
  /** Messages of one group are delivered in order; 1–128 characters. */
  readonly groupId: string;
  /**
   * Deduplication id, kept unchanged on every retry. When absent, the queue must use content-based
   * deduplication (the client then resends the same body, so a retry has the same id).
   */
  readonly dedupId?: string;
  /** At most 10 string attributes. */
  readonly attributes?: Readonly<Record<string, string>>;
}

/** `202` of `POST /queues/{queue}/messages`. */
export interface PublishResult {
  readonly messageId: string;
  readonly sequenceNumber: string;
  readonly queue: string;
  readonly groupId: string;
  readonly dedupId: string;
}

/** Why a batch entry was not accepted. */
export interface EntryError {
  /** The API's entry code (`REJECTED_BY_QUEUE`, `UPSTREAM_UNAVAILABLE`, …), a request's error code, or `NOT_SENT_ORDER_PRESERVED`. */
  readonly code: string;
  readonly message: string;
  /** Sending the same entry again may succeed (the client already retried it). */
  readonly retryable: boolean;
}

export type BatchEntryResult =
  | {
      /** Position in the array given to `publishBatch`. */
      readonly index: number;
      readonly status: "accepted";
      readonly messageId: string;
      readonly sequenceNumber: string;
    }
  | { readonly index: number; readonly status: "failed"; readonly error: EntryError };

export interface PublishBatchResult {
  /** One per message, in the order given. */
  readonly results: readonly BatchEntryResult[];
  readonly accepted: number;
  readonly failed: number;
}

/** One entry of `GET /queues`. */
export interface QueueSummary {
  readonly name: string;
  /** Approximate number of messages waiting. */
  readonly depth: number;
  /** Approximate number of messages being processed. */
  readonly inFlight: number;
  /** Dead letters with status `new`. */
  readonly deadLetters: number;
}

/**
 * Where a dead letter is in its life: recorded, being sent back (a redrive claimed it; a repeated redrive
 * finishes it), sent back to its source queue, or set aside.
 */
export type DeadLetterStatus = "new" | "redriving" | "redriven" | "discarded";

/** The contract's `DeadLetter`, as the API returns it. */
export interface DeadLetter {
  /** The original SQS message id (SQS keeps it when it moves a message to the DLQ). */
  readonly id: string;
  readonly queue: string;
  /** Same as `id`: the message id the consumer saw. */
  readonly messageId: string;
  readonly groupId: string;
  /** The ORIGINAL deduplication id (the key of the exactly-once effect). */
  readonly dedupId: string;
  /** The body parsed as JSON; the raw text when it is not JSON. */
  readonly body: unknown;
  /** String and Number attributes as text, Binary ones as base64; fifoq's own `fifoq-*` ones are left out. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly receiveCount: number;
  /** ISO-8601. */
  readonly firstSentAt: string;
  /** ISO-8601: when the recorder stored it (sort key of the newest-first listing). */
  readonly deadLetteredAt: string;
  /** The consumer's last error (name and message only: never a stack, never a body). */
  readonly lastError: { readonly name: string; readonly message: string; readonly at: string } | null;
  readonly status: DeadLetterStatus;
  readonly redrivenMessageId?: string;
  readonly redrivenAt?: string;
  /** When a redrive claimed it (status `redriving` and after). */
  readonly redriveClaimedAt?: string;
  readonly discardedAt?: string;
}

export interface DeadLetterFilter {
  readonly groupId?: string | undefined;
  readonly status?: DeadLetterStatus | undefined;
}

export interface ListDeadLettersOptions extends DeadLetterFilter {
  /** 1–100. @default 20 (the API's default) */
  readonly limit?: number | undefined;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string | undefined;
}

export interface DeadLetterPage {
  /** Newest first. */
  readonly items: readonly DeadLetter[];
  /** Present when there may be more: pass it as `cursor`. */
  readonly nextCursor?: string;
}

/** `202` of `POST …/dead-letters/{id}/redrive`. */
export interface RedriveResult {
  readonly id: string;
  readonly status: DeadLetterStatus;
  /** The id of the message sent back to the source queue. */
  readonly messageId: string;
}

/** One call of `POST …/dead-letters/redrive`. */
export interface RedriveAllCall {
  readonly redriven: number;
  readonly failed?: number;
  /** The call stopped at its time budget with records left. */
  readonly more?: boolean;
}

export interface RedriveAllResult {
  readonly redriven: number;
  /** Records the last call could not send (they stay `new`; their groups wait). */
  readonly failed: number;
  /** API calls made. */
  readonly calls: number;
  /** False when the client stopped although the API still said `more` (no progress in several calls). */
  readonly complete: boolean;
}
