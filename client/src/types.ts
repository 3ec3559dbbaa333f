/** The shapes of fifoq's HTTP API (its public contract), as the client sends and returns them. */

import type {
  BatchEntryResult,
  DeadLetterStatus,
  EntryFailure,
  PublishMessageRequest,
  PublishMessageResult,
  RedriveAllResponse,
} from "../../contract/index.js";
import type { MessageTiming } from "./timing.js";

export type {
  BatchEntryResult,
  DeadLetter,
  DeadLetterBodyChunk,
  DeadLetterPage,
  DeadLetterStatus,
  MessageState,
  MessageStatus,
  QueueSummary,
  RedriveResult,
  Schedule,
  ScheduleDefinition,
  ScheduledMessage,
  ScheduledPage,
  ScheduledReceipt,
  ScheduleList,
} from "../../contract/index.js";
export type { MessageTiming } from "./timing.js";

/**
 * One message to publish (the contract's `PublishMessageRequest`), optionally delayed: `delay` (seconds) or
 * `notBefore` (a `Date`); the API then answers a `ScheduledReceipt` and releases it at that time.
 */
export type Message<Body = unknown> = Omit<PublishMessageRequest<Body>, "delaySeconds" | "notBefore"> &
  MessageTiming;

/** `202` of `POST /queues/{queue}/messages`. */
export type PublishResult = PublishMessageResult;

/** Why a batch entry was not accepted (the contract's `EntryFailure`). */
export type EntryError = EntryFailure;

/** One call of `POST …/dead-letters/redrive`. */
export type RedriveAllCall = RedriveAllResponse;

export interface PublishBatchResult {
  /** One per message, in the order given. */
  readonly results: readonly BatchEntryResult[];
  readonly accepted: number;
  readonly failed: number;
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

export interface RedriveAllResult {
  readonly redriven: number;
  /** Records the last call could not send (they stay `new`; their groups wait). */
  readonly failed: number;
  /**
   * Ids of records left `redriving` longer than SQS's 5-minute dedup window (they may have run): not sent,
   * their groups wait; redrive each with `{ force: true }` once you know it did not run. Never forced here.
   * At most 1,000.
   */
  readonly uncertain: readonly string[];
  /** API calls made. */
  readonly calls: number;
  /** False when the client stopped although the API still said `more` (no progress in several calls). */
  readonly complete: boolean;
}
