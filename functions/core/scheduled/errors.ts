import type { ErrorCode } from "../../../contract";
import { named } from "../errors";
import { ApiError } from "../http/errors";

/** The stable code of each scheduled-message error (its HTTP status is the contract's). */
const ANSWERS = {
  notFound: "NOT_FOUND",
  alreadyReleased: "ALREADY_RELEASED",
  invalidCursor: "INVALID_CURSOR",
  invalidQuery: "INVALID_QUERY",
  corrupt: "INTERNAL",
} as const satisfies Readonly<Record<string, ErrorCode>>;

/** Base class of every scheduled-message error; each carries its HTTP status and stable code. */
export class ScheduledError extends named("ScheduledError", ApiError) {
  constructor(answer: keyof typeof ANSWERS, message: string, options?: ErrorOptions) {
    super(ANSWERS[answer], message, options ?? {});
  }
}

export class ScheduledNotFoundError extends named("ScheduledNotFoundError", ScheduledError) {
  constructor(queue: string, id: string) {
    super("notFound", `no scheduled message "${id}" on queue "${queue}"`);
  }
}

/** A cancel that came after the release (or lost the race with it). */
export class AlreadyReleasedError extends named("AlreadyReleasedError", ScheduledError) {
  constructor(id: string, releasedAt: string | undefined) {
    super(
      "alreadyReleased",
      `scheduled message "${id}" was already released${releasedAt ? ` at ${releasedAt}` : ""}; it can no longer be cancelled`,
    );
  }
}

export class InvalidScheduledCursorError extends named("InvalidScheduledCursorError", ScheduledError) {
  constructor(reason: string, options?: ErrorOptions) {
    super("invalidCursor", `cursor is invalid: ${reason}; pass the nextCursor of the previous page`, options);
  }
}

export class InvalidScheduledQueryError extends named("InvalidScheduledQueryError", ScheduledError) {
  constructor(field: string, message: string) {
    super("invalidQuery", `${field} ${message}`);
  }
}

/** A stored item does not have the shape this code writes. */
export class CorruptScheduledItemError extends named("CorruptScheduledItemError", ScheduledError) {
  constructor(what: string) {
    super("corrupt", `a scheduled-message item is corrupt: ${what}`);
  }
}

/** A release lost its state change yet the record still reads `scheduled` (the release is retried, not sent). */
export class ReleaseStateError extends named("ReleaseStateError", ScheduledError) {
  constructor(record: { readonly queue: string; readonly id: string }) {
    super(
      "corrupt",
      `scheduled message "${record.id}" on "${record.queue}": lost its release yet still scheduled`,
    );
  }
}
