/**
 * The prefix fifoq reserves for itself, in any case: its own attributes (not stored or shown as the user's)
 * and its own deduplication ids (a redrive's, a schedule's). A producer may not send a dedupId, an
 * Idempotency-Key or an attribute name that starts with it (`400 INVALID_MESSAGE`).
 */
export const RESERVED_PREFIX = "fifoq-";

/** Whether `name` starts with the reserved prefix `fifoq-`, in any case. */
export const isReservedName = (name: string): boolean =>
  name.slice(0, RESERVED_PREFIX.length).toLowerCase() === RESERVED_PREFIX;
