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

/*
 * Recurring schedules and message status. The `time` branch does not serve these routes yet (its README:
 * "Not built yet: managing schedules over the API"); these shapes follow the contract's text and the
 * configuration's schedule fields, and are provisional until the server answers them.
 */

/** Body of `PUT /schedules/{name}`: the configuration's schedule fields, without the name. */
export interface ScheduleDefinition {
  /** Five fields: minute hour day-of-month month day-of-week. */
  readonly cron: string;
  /** IANA time zone. @default "UTC" */
  readonly timezone?: string;
  readonly queue: string;
  readonly groupId: string;
  readonly body: unknown;
  readonly attributes?: Readonly<Record<string, string>>;
}

/** `GET /schedules/{name}`: a schedule, whether it is paused, and its next fire times. */
export interface Schedule extends ScheduleDefinition {
  readonly name: string;
  readonly paused: boolean;
  /** The next fire times (RFC 3339, UTC), soonest first; empty while paused. */
  readonly nextFires: readonly string[];
}

/** `GET /schedules`. */
export interface ScheduleList {
  readonly schedules: readonly Schedule[];
}

export type MessageState = "scheduled" | "queued" | "processed" | "dead-lettered";

/** `GET /queues/{queue}/messages/{dedupId}?groupId=`: where a message is, within the idempotency window. */
export interface MessageStatus {
  readonly queue: string;
  readonly groupId: string;
  readonly dedupId: string;
  readonly status: MessageState;
  /** `scheduled`: the delayed message and when it is due. */
  readonly scheduledId?: string;
  readonly releaseAt?: string;
  /** `processed`: when, and after how many attempts. */
  readonly processedAt?: string;
  readonly attempts?: number;
  /** `dead-lettered`: the dead letter's id. */
  readonly deadLetterId?: string;
}
