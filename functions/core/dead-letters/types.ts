import type { DeadLetter, DeadLetterStatus } from "../../../contract";

/** The contract's `DeadLetter` and its status: the API returns exactly that shape. */
export type { DeadLetter, DeadLetterStatus };

export const DEAD_LETTER_STATUSES: readonly DeadLetterStatus[] = [
  "new",
  "redriving",
  "redriven",
  "discarded",
];

/**
 * Whether a record is in the count of dead letters to act on (GET /queues): `new`, and `redriving` (claimed
 * but not known to be sent: a stuck one must stay visible). It leaves the count on → redriven or → discarded.
 */
export const isCountedStatus = (status: DeadLetterStatus): boolean =>
  status === "new" || status === "redriving";

/** What log lines and dead letters carry of an error: never a stack, never a body. */
export interface ErrorSummary {
  readonly name: string;
  readonly message: string;
}

/** A dead letter as it is stored: the public view plus what a faithful redrive needs. */
export interface DeadLetterRecord extends Omit<DeadLetter, "bodyTruncated" | "bodyOmittedBytes"> {
  /** The SQS body exactly as received (redrive sends it back byte for byte). */
  readonly rawBody: string;
  /** The body's stored object was gone (`DeadLetter.bodyTruncated`): the record cannot be redriven. */
  readonly bodyTruncated: boolean;
  /** SQS data type of each attribute that is not `String` (e.g. `Number`, `Binary`, `Number.float`). */
  readonly attributeTypes: Readonly<Record<string, string>>;
  /**
   * A random value drawn when the record is made, never shown: a redrive's SQS deduplication id comes from it,
   * so no one who knows the id can send a message that makes SQS drop the redrive. Absent on records stored
   * before it existed.
   */
  readonly redriveToken?: string | undefined;
}

/** Position in a listing: the last item returned (the queue is checked against the one asked for). */
export interface CursorKey {
  readonly queue: string;
  readonly id: string;
  readonly deadLetteredAt: string;
}

export interface ListOptions {
  /** 1–100. */
  readonly limit: number;
  readonly cursor?: CursorKey | undefined;
  readonly groupId?: string | undefined;
  readonly status?: DeadLetterStatus | undefined;
  /** `newest` for the API listing, `oldest` for redrive (keeps per-group order). @default "newest" */
  readonly order?: "newest" | "oldest";
}

export interface DeadLetterPage {
  readonly items: readonly DeadLetterRecord[];
  /** Present when there may be more items. */
  readonly next?: CursorKey | undefined;
}
