/**
 * Wire shapes of delayed messages (issue 19): the timing fields of a publish, the receipt of a delayed
 * publish and the records of `GET /queues/{queue}/scheduled[/{id}]`. Names and shapes are those the server
 * answers (`functions/core/scheduled/schedule-message.ts`, `view.ts`).
 */

/** `ALREADY_RELEASED` (409): a cancel that came after the release. */
export const ALREADY_RELEASED = "ALREADY_RELEASED";

/** The optional timing of a publish (or of a batch entry); at most one of the two. */
export interface PublishTiming {
  /** Release after this many whole seconds, 0–31536000 (365 days); 0 publishes now. */
  readonly delaySeconds?: number;
  /** Release at this RFC 3339 time (with a zone), at most 365 days ahead; a past time publishes now. */
  readonly notBefore?: string;
}

/** `202` of a delayed publish: nothing is on the queue yet. */
export interface ScheduledReceipt {
  readonly scheduledId: string;
  /** RFC 3339, UTC. */
  readonly releaseAt: string;
  readonly queue: string;
  readonly groupId: string;
  readonly dedupId: string;
}

export type ScheduledState = "scheduled" | "released" | "cancelled";

/** `GET /queues/{queue}/scheduled/{id}`: one delayed message. */
export interface ScheduledMessage {
  readonly id: string;
  readonly queue: string;
  readonly groupId: string;
  readonly dedupId: string;
  readonly state: ScheduledState;
  readonly releaseAt: string;
  readonly publishedAt: string;
  readonly releasedAt?: string;
  readonly cancelledAt?: string;
  /** The FIFO message id, once released. */
  readonly messageId?: string;
  readonly body: unknown;
  readonly attributes: Readonly<Record<string, string>>;
}

/** `GET /queues/{queue}/scheduled?limit=&cursor=`. */
export interface ScheduledPage {
  readonly items: readonly ScheduledMessage[];
  /** Pass it as `cursor` for the next page; absent on the last page. */
  readonly nextCursor?: string;
}
