/**
 * Scheduled (delayed) messages: the record, its states, and the ports the core drives (a store, a release
 * trigger, a sender). No AWS SDK here.
 */

export type ScheduledState = "scheduled" | "released" | "cancelled";

/** One delayed message, as the store keeps it. Times are epoch milliseconds. */
export interface ScheduledMessage {
  readonly id: string;
  readonly queue: string;
  readonly groupId: string;
  readonly dedupId: string;
  /** The exact SQS MessageBody. */
  readonly body: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly releaseAt: number;
  readonly publishedAt: number;
  /** The entry's index in its batch (0 for a single publish): publish order within one millisecond. */
  readonly batchIndex: number;
  readonly state: ScheduledState;
  /** When `scheduled → released` happened. */
  readonly releasedAt?: number | undefined;
  /** True once the FIFO send succeeded (a release that finds it set enqueues nothing). */
  readonly sent?: boolean | undefined;
  /** The FIFO message id of the release. */
  readonly messageId?: string | undefined;
  readonly cancelledAt?: number | undefined;
}

export interface ScheduledRef {
  readonly queue: string;
  readonly id: string;
}

/** What `create` found: the new record, or the one that already holds its (queue, group, dedupId). */
export type CreateOutcome =
  | { readonly created: true; readonly record: ScheduledMessage }
  | { readonly created: false; readonly record: ScheduledMessage };

/** A conditional state change: it won, or it lost and here is the record as it is now. */
export type TransitionOutcome =
  | { readonly won: true; readonly record: ScheduledMessage }
  | { readonly won: false; readonly record: ScheduledMessage | undefined };

export interface ScheduledPage {
  readonly items: readonly ScheduledMessage[];
  readonly nextCursor?: string | undefined;
}

/** The port of the scheduled-message store (DynamoDB in the adapters, in memory in tests). */
export interface ScheduledStore {
  /** Creates the record and its dedup key at once, unless a live record holds the dedup key. */
  create(record: ScheduledMessage, now: number): Promise<CreateOutcome>;
  get(ref: ScheduledRef): Promise<ScheduledMessage | undefined>;
  /** `scheduled → released` (setting `releasedAt`), or `scheduled → cancelled` (setting `cancelledAt`). */
  transition(ref: ScheduledRef, to: "released" | "cancelled", at: number): Promise<TransitionOutcome>;
  /**
   * The group's records due at or before `dueKey` that are not sent yet (scheduled, or released and not
   * sent), in due-key order (the ordering rule). Every one at or before `through` is returned; after it, the
   * store may stop early (a page).
   */
  dueInGroup(
    queue: string,
    groupId: string,
    dueKey: string,
    through?: string,
  ): Promise<readonly ScheduledMessage[]>;
  list(queue: string, limit: number, cursor: string | undefined): Promise<ScheduledPage>;
  /** Every still-scheduled record of the queue (the local stack's re-arm at start; never on a request path). */
  pending(queue: string): Promise<readonly ScheduledMessage[]>;
}

/**
 * The release path's calls on the store. The DynamoDB adapter coalesces concurrent calls of one kind into one
 * request (each keeps its own condition and answer), so a batch of releases costs a few round trips.
 */
export interface ReleaseStore extends Pick<ScheduledStore, "get" | "dueInGroup"> {
  /** `scheduled → released` (setting `releasedAt`), conditional on `scheduled`; lost: the record as it is now. */
  release(record: ScheduledMessage, at: number): Promise<TransitionOutcome>;
  /** Records that the release's send succeeded (the record leaves the group-order index). */
  markSent(ref: ScheduledRef, messageId: string): Promise<void>;
}

/** Arms the release of a record at `releaseAt` (SQS delay queue, EventBridge Scheduler, …). */
export interface ReleaseTrigger {
  arm(record: ScheduledMessage, now: number): Promise<void>;
}

/** Sends a released message onto its FIFO queue. */
export interface ReleaseSender {
  send(record: ScheduledMessage): Promise<{ readonly messageId: string }>;
}
