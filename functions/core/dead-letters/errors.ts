import type { ErrorCode } from "../../../contract";
import { FifoqError, named } from "../errors";
import { answeringError } from "../http/errors";
import type { DeadLetterStatus } from "./types";

/** The stable code of each dead-letter error (its HTTP status is the contract's, `ERROR_STATUS`). */
const ANSWERS = {
  notFound: "NOT_FOUND",
  invalidCursor: "INVALID_CURSOR",
  invalidQuery: "INVALID_QUERY",
  conflict: "DEAD_LETTER_CONFLICT",
  notRedrivable: "DEAD_LETTER_NOT_REDRIVABLE",
  uncertain: "REDRIVE_UNCERTAIN",
  unavailable: "UPSTREAM_UNAVAILABLE",
  corrupt: "INTERNAL",
} as const satisfies Readonly<Record<string, ErrorCode>>;

/** Base class of every dead-letter error; each carries its HTTP status and stable code. */
export class DeadLetterError extends answeringError("DeadLetterError", ANSWERS) {}

export class DeadLetterNotFoundError extends named("DeadLetterNotFoundError", DeadLetterError) {
  constructor(
    readonly queue: string,
    readonly id: string,
    options?: ErrorOptions,
  ) {
    super(
      "notFound",
      `queue "${queue}" has no dead letter "${id}"; list them with GET /queues/${queue}/dead-letters`,
      options,
    );
  }
}

/** The `cursor` query parameter is not one this API returned for this queue. */
export class InvalidCursorError extends named("InvalidCursorError", DeadLetterError) {
  constructor(reason: string, options?: ErrorOptions) {
    super(
      "invalidCursor",
      `cursor is not valid (${reason}); pass the nextCursor of the previous page unchanged, or omit it to start over`,
      { ...options, details: [{ field: "cursor", message: reason }] },
    );
  }
}

/** A query parameter (limit, status, groupId) is out of range. */
export class InvalidDeadLetterQueryError extends named("InvalidDeadLetterQueryError", DeadLetterError) {
  constructor(
    readonly field: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super("invalidQuery", `${field}: ${message}`, {
      ...options,
      details: [{ field, message }],
    });
  }
}

/** The dead letter is not in a state that allows the operation (e.g. redrive a discarded one). */
export class DeadLetterConflictError extends named("DeadLetterConflictError", DeadLetterError) {
  constructor(
    readonly id: string,
    readonly current: DeadLetterStatus,
    operation: string,
    options?: ErrorOptions,
  ) {
    super("conflict", `dead letter "${id}" is ${current}; it cannot be ${operation}`, options);
  }
}

/** The stored body was cut to fit DynamoDB: the original message cannot be rebuilt. */
export class DeadLetterNotRedrivableError extends named("DeadLetterNotRedrivableError", DeadLetterError) {
  constructor(
    readonly id: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super("notRedrivable", `dead letter "${id}" cannot be redriven: ${reason}`, options);
  }
}

/**
 * A redrive claimed the dead letter longer ago than SQS's dedup window and never marked it sent: it may have
 * been sent and run, and SQS would no longer drop a second copy. Only a forced redrive sends it again.
 */
export class RedriveUncertainError extends named("RedriveUncertainError", DeadLetterError) {
  constructor(
    readonly id: string,
    claimedAt: string | undefined,
    options?: ErrorOptions,
  ) {
    super(
      "uncertain",
      `dead letter "${id}" has been redriving since ${claimedAt ?? "an unknown time"}, longer than SQS's ` +
        "5-minute dedup window: it may already have been sent and processed; check the consumer, then " +
        "redrive it with ?force=true to send it again",
      options,
    );
  }
}

/** DynamoDB (dead-letter table or failure log) could not be reached, throttled, or failed: safe to retry. */
export class DeadLetterStoreUnavailableError extends named(
  "DeadLetterStoreUnavailableError",
  DeadLetterError,
) {
  constructor(operation: string, options: ErrorOptions & { cause: unknown }) {
    super("unavailable", `dead-letter store unavailable during ${operation}; retry`, {
      ...options,
      headers: { "Retry-After": "1" },
    });
  }
}

/** SQS refused or could not take the redriven message: safe to retry (the dedup id is deterministic). */
export class RedriveSendError extends named("RedriveSendError", DeadLetterError) {
  constructor(
    readonly id: string,
    options: ErrorOptions & { cause: unknown },
  ) {
    super("unavailable", `dead letter "${id}" could not be sent back to its queue; retry`, {
      ...options,
      headers: { "Retry-After": "1" },
    });
  }
}

/** A stored item does not have the shape this code writes (a bug or a foreign writer). */
export class CorruptDeadLetterError extends named("CorruptDeadLetterError", DeadLetterError) {
  constructor(what: string, options?: ErrorOptions) {
    super("corrupt", `stored item is malformed: ${what}`, options);
  }
}

/** The recorder could not tell which queue a DLQ record came from (logged; never an HTTP answer). */
export class UnknownSourceQueueError extends named("UnknownSourceQueueError", FifoqError) {
  constructor(readonly eventSourceArn: string | undefined) {
    super(
      `cannot tell the source queue of a record from ${JSON.stringify(eventSourceArn)}; ` +
        "expected an ARN ending in :<name>-dlq.fifo, or set FIFOQ_QUEUE_NAME",
    );
  }
}
