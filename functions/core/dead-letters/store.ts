import type { DeadLetterPage, DeadLetterRecord, ListOptions } from "./types";

/** The outcome of a conditional status change. */
export type TransitionResult =
  | { readonly kind: "changed"; readonly record: DeadLetterRecord }
  /** The record exists but was not in the required state; `current` is how it is now. */
  | { readonly kind: "conflict"; readonly current: DeadLetterRecord };

/**
 * The dead-letter storage port. Adapters turn their SDK errors into `DeadLetterStoreUnavailableError` when a
 * retry can fix them (503) and into `UpstreamRejectedError` otherwise (500), and throw
 * `DeadLetterNotFoundError` when a record to change does not exist.
 */
export interface DeadLetterStore {
  /** Writes the record unless one with the same (queue, id) exists; an existing one is left untouched. */
  putIfAbsent(record: DeadLetterRecord): Promise<"created" | "exists">;
  /** Strongly consistent read. */
  get(queue: string, id: string): Promise<DeadLetterRecord | undefined>;
  /** Filtered pages by `deadLetteredAt`; may return fewer than `limit` items together with a `next`. */
  list(queue: string, options: ListOptions): Promise<DeadLetterPage>;
  /**
   * `new` → `redriving`, only from `new`: the claim that decides a redrive won, BEFORE anything is sent. A
   * record stays `redriving` if the process dies before `markRedriven`; a repeated redrive finishes it.
   */
  claimRedrive(queue: string, id: string, at: string): Promise<TransitionResult>;
  /** `redriving` → `redriven`, only from `redriving`. */
  markRedriven(
    queue: string,
    id: string,
    change: { messageId: string; at: string },
  ): Promise<TransitionResult>;
  /** `new` → `discarded`, only from `new`. */
  markDiscarded(queue: string, id: string, at: string): Promise<TransitionResult>;
  /**
   * How many records of the queue are `new` or `redriving` (not yet known sent, see `isCountedStatus`): kept as
   * they change, never by reading the records.
   */
  countNew(queue: string): Promise<number>;
}

/** What a redrive sends: the message as it was, with a dedup id SQS will not drop. */
export interface RedriveMessage {
  /** The dead letter being redriven. */
  readonly id: string;
  readonly queue: string;
  readonly groupId: string;
  /** The SQS `MessageDeduplicationId` of the resent message (deterministic per dead letter). */
  readonly deduplicationId: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, { readonly dataType: string; readonly value: string }>>;
}

/**
 * The port to the source queues. Adapters throw `RedriveSendError` when SQS did not take the message and a
 * retry can fix it, `DeadLetterNotRedrivableError` when SQS calls the message invalid, else a 500.
 */
export interface RedriveSender {
  send(message: RedriveMessage): Promise<{ readonly messageId: string }>;
}
