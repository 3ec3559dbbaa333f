/**
 * Wire shapes of recurring schedules and message status (issue 19). The delayed-message shapes
 * (`ScheduledReceipt`, `ScheduledMessage`, `ScheduledPage`, the publish's `delaySeconds`/`notBefore`) are in
 * `types.ts`, as the server declares them.
 */

/** Body of `PUT /schedules/{name}`: the configuration's schedule fields, without the name. */
export interface ScheduleDefinition {
  /** Five fields, `minute hour day-of-month month day-of-week`, e.g. `"0 9 * * 1-5"`. */
  readonly cron: string;
  /** IANA time zone the cron reads in. @default "UTC" */
  readonly timezone?: string;
  /** A configured queue. */
  readonly queue: string;
  readonly groupId: string;
  /** Any JSON value. */
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

/**
 * `GET /schedules?limit=&cursor=`: a page — the configured schedules by name, then the API-managed ones by name.
 * A page holds at most `limit` schedules and stops early near 5 MB; `nextCursor` is set when more may follow.
 */
export interface ScheduleList {
  readonly schedules: readonly Schedule[];
  /** Pass as `cursor` to get the next page; absent on the last one. */
  readonly nextCursor?: string;
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
