/**
 * The shapes that cross the wire: the JSON bodies of fifoq's HTTP API. The server's responses are checked
 * against them at compile time, the client returns them, and `docs/openapi.json` is generated from them
 * (`npm run openapi`), so each comment here is also the document's description.
 */

import type { MessageStatus, Schedule, ScheduleDefinition, ScheduleList } from "./time.js";

/** The recurring schedules' shapes (declared in `time.ts`), named here for the route table and the document. */
export type { Schedule, ScheduleDefinition, ScheduleList };

/** One message to publish (an entry of `POST /queues/{queue}/messages` or of a batch). */
export interface PublishMessageRequest<Body = unknown> {
  /** Any JSON value. */
  readonly body: Body;
  /** Messages of one group are delivered in order; 1–128 characters. */
  readonly groupId: string;
  /**
   * Deduplication id. When absent, the `Idempotency-Key` header is used, and else the queue's content-based
   * deduplication (refused if that is off).
   */
  readonly dedupId?: string;
  /** At most 10 string attributes. */
  readonly attributes?: Readonly<Record<string, string>>;
  /** Release the message this many seconds from now (0–31,536,000); not with `notBefore`. */
  readonly delaySeconds?: number;
  /** Release the message at this RFC 3339 time (at most 365 days ahead); not with `delaySeconds`. */
  readonly notBefore?: string;
}

/** Body of `POST /queues/{queue}/messages/batch`. */
export interface PublishBatchRequest {
  /** 1–100 messages. */
  readonly messages: readonly PublishMessageRequest[];
}

/** `202` of `POST /queues/{queue}/messages`. */
export interface PublishMessageResult {
  readonly messageId: string;
  readonly sequenceNumber: string;
  readonly queue: string;
  readonly groupId: string;
  readonly dedupId: string;
}

/** `202` of a delayed publish (`delaySeconds` or `notBefore`): nothing is on the queue yet. */
export interface ScheduledReceipt {
  readonly scheduledId: string;
  /** ISO-8601. */
  readonly releaseAt: string;
  readonly queue: string;
  readonly groupId: string;
  readonly dedupId: string;
}

/** A publish's `202`: sent now, or scheduled. */
export type PublishResult = PublishMessageResult | ScheduledReceipt;

/** A scheduled (delayed) message (`GET /queues/{queue}/scheduled[/{id}]`). */
export interface ScheduledMessage {
  readonly id: string;
  readonly queue: string;
  readonly groupId: string;
  readonly dedupId: string;
  readonly state: "scheduled" | "released" | "cancelled";
  readonly releaseAt: string;
  readonly publishedAt: string;
  readonly releasedAt?: string;
  readonly cancelledAt?: string;
  /** The queue's message id of the release. */
  readonly messageId?: string;
  readonly body: unknown;
  readonly attributes: Readonly<Record<string, string>>;
}

/** `200` of `GET /queues/{queue}/scheduled`. */
export interface ScheduledPage {
  readonly items: readonly ScheduledMessage[];
  /** Pass as `cursor` for the next page; absent on the last. */
  readonly nextCursor?: string;
}

/** Why a batch entry was not accepted. */
export interface EntryFailure {
  /** `REJECTED_BY_QUEUE`, `UPSTREAM_UNAVAILABLE`, `NOT_SENT_ORDER_PRESERVED` or `SEND_FAILED` (client: also a request's error code). */
  readonly code: string;
  readonly message: string;
  /** Sending the same entry again may succeed. */
  readonly retryable: boolean;
}

/** One entry's outcome in a batch, at the entry's position in the request. */
export type BatchEntryResult =
  | {
      /** Position in the request's `messages`. */
      readonly index: number;
      readonly status: "accepted";
      readonly messageId: string;
      readonly sequenceNumber: string;
    }
  | {
      readonly index: number;
      readonly status: "accepted";
      /** A delayed entry: scheduled, not yet on the queue. */
      readonly scheduledId: string;
      readonly releaseAt: string;
    }
  | { readonly index: number; readonly status: "failed"; readonly error: EntryFailure };

/** `200` of `POST /queues/{queue}/messages/batch`. */
export interface PublishBatchResponse {
  /** One per entry, in request order. */
  readonly results: readonly BatchEntryResult[];
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

/** `200` of `GET /queues`. */
export interface QueueList {
  readonly queues: readonly QueueSummary[];
}

/**
 * Where a dead letter is in its life: recorded, being sent back (a redrive claimed it; a repeated redrive
 * finishes it), sent back to its source queue, or set aside.
 */
export type DeadLetterStatus = "new" | "redriving" | "redriven" | "discarded";

/** A message that its consumer could not process, as the API returns it. */
export interface DeadLetter {
  /** The original SQS message id (SQS keeps it when it moves a message to the DLQ). */
  readonly id: string;
  readonly queue: string;
  /** Same as `id`: the message id the consumer saw. */
  readonly messageId: string;
  readonly groupId: string;
  /** The ORIGINAL deduplication id (the key of the exactly-once effect). */
  readonly dedupId: string;
  /** The body parsed as JSON; the raw text when it is not JSON; `null` when this answer leaves it out (`bodyOmittedBytes`). */
  readonly body: unknown;
  /**
   * Present when this answer leaves the body out, with the body's size in UTF-8 bytes: with it, the answer would
   * pass Lambda's 6 MB response limit (a body near the 5 MiB message limit, escaped in the response). The record
   * keeps the body whole, and a redrive sends it whole.
   */
  readonly bodyOmittedBytes?: number;
  /**
   * Present when the body is lost: its stored object was gone (expired or never written) when the record was
   * made or read. `body` is then `""` and the dead letter cannot be redriven (discard it).
   */
  readonly bodyTruncated?: true;
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

/** `200` of `GET /queues/{queue}/dead-letters`. */
export interface DeadLetterPage {
  /** Newest first. */
  readonly items: readonly DeadLetter[];
  /** Present when there may be more: pass it as `cursor`. */
  readonly nextCursor?: string;
}

/**
 * `200` of `GET /queues/{queue}/dead-letters/{id}/body`: a slice of the dead letter's body exactly as SQS
 * delivered it (the raw text, not parsed), as long as one answer carries. Read from `offset` 0, then from each
 * `nextOffset` until it is absent, and join the texts: that is the whole body.
 */
export interface DeadLetterBodyChunk {
  /** Where `text` starts in the body, in UTF-16 code units (JavaScript string indexes). */
  readonly offset: number;
  /** The body from `offset`, up to `nextOffset` (never ending inside a surrogate pair). */
  readonly text: string;
  /** The body's whole length in UTF-16 code units; `0` for a lost body (`bodyTruncated`). */
  readonly totalLength: number;
  /** Present while more follows: the `offset` of the next call. */
  readonly nextOffset?: number;
}

/** `202` of `POST /queues/{queue}/dead-letters/{id}/redrive`. */
export interface RedriveResult {
  readonly id: string;
  readonly status: DeadLetterStatus;
  /** The id of the message sent back to the source queue. */
  readonly messageId: string;
}

/** `202` of `POST /queues/{queue}/dead-letters/redrive` (one call; repeat while `more`). */
export interface RedriveAllResponse {
  readonly redriven: number;
  /** Records this call could not send (they stay `new`; their groups wait). */
  readonly failed?: number;
  /**
   * Ids of `redriving` dead letters claimed longer ago than SQS's 5-minute dedup window: they may have run, so
   * they were not resent (their groups wait). Redrive each with `?force=true`, or leave it. At most 20.
   */
  readonly uncertain?: readonly string[];
  /** The call stopped at its time budget with records left. */
  readonly more?: boolean;
}

/** One problem an error lists: a batch entry's index, a field, and what to do about it. */
export interface ErrorDetail {
  readonly index?: number;
  readonly field?: string;
  readonly message: string;
}

/** Body of every 4xx and 5xx answer. */
export interface ErrorResponse {
  readonly error: {
    /** A stable code (see the error codes). */
    readonly code: string;
    /** What went wrong and how to fix it. */
    readonly message: string;
    /** At most 20. */
    readonly details?: readonly ErrorDetail[];
    /** How many details were left out. */
    readonly moreDetails?: number;
  };
}

/**
 * The JSON bodies routes answer with, by name: a route declares one of these names (`routes.ts`), the server
 * must answer that type, and the OpenAPI document gets its schema.
 */
export interface ResponseBodies {
  QueueList: QueueList;
  PublishMessageResult: PublishMessageResult;
  PublishResult: PublishResult;
  ScheduledPage: ScheduledPage;
  ScheduledMessage: ScheduledMessage;
  PublishBatchResponse: PublishBatchResponse;
  DeadLetterPage: DeadLetterPage;
  DeadLetter: DeadLetter;
  DeadLetterBodyChunk: DeadLetterBodyChunk;
  RedriveResult: RedriveResult;
  RedriveAllResponse: RedriveAllResponse;
  MessageStatus: MessageStatus;
  Schedule: Schedule;
  ScheduleList: ScheduleList;
}

/** The JSON bodies routes take, by name. */
export interface RequestBodies {
  PublishMessageRequest: PublishMessageRequest;
  PublishBatchRequest: PublishBatchRequest;
  ScheduleDefinition: ScheduleDefinition;
}
