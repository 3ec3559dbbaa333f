import { FifoqError } from "../errors";
import { ApiError, type ApiErrorOptions, ERROR_CODES } from "../http/errors";
import type { DeadLetterStatus } from "./types";

/** The stable code and HTTP status of each dead-letter error (five of the codes are this module's own). */
const ANSWERS = {
  notFound: { code: ERROR_CODES.notFound, status: 404 },
  invalidCursor: { code: "INVALID_CURSOR", status: 400 },
  invalidQuery: { code: "INVALID_QUERY", status: 400 },
  conflict: { code: "DEAD_LETTER_CONFLICT", status: 409 },
  notRedrivable: { code: "DEAD_LETTER_NOT_REDRIVABLE", status: 409 },
  unavailable: { code: ERROR_CODES.upstreamUnavailable, status: 503 },
  corrupt: { code: ERROR_CODES.internal, status: 500 },
} as const;

/** Base class of every dead-letter error; each carries its HTTP status and stable code. */
export class DeadLetterError extends ApiError {
  override name = "DeadLetterError";

  constructor(answer: keyof typeof ANSWERS, message: string, options?: ApiErrorOptions) {
    super(ANSWERS[answer].code, ANSWERS[answer].status, message, options);
  }
}

export class DeadLetterNotFoundError extends DeadLetterError {
  override name = "DeadLetterNotFoundError";

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
export class InvalidCursorError extends DeadLetterError {
  override name = "InvalidCursorError";

  constructor(reason: string, options?: ErrorOptions) {
    super(
      "invalidCursor",
      `cursor is not valid (${reason}); pass the nextCursor of the previous page unchanged, or omit it to start over`,
      { ...options, details: [{ field: "cursor", message: reason }] },
    );
  }
}

/** A query parameter (limit, status, groupId) is out of range. */
export class InvalidDeadLetterQueryError extends DeadLetterError {
  override name = "InvalidDeadLetterQueryError";

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
export class DeadLetterConflictError extends DeadLetterError {
  override name = "DeadLetterConflictError";

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
export class DeadLetterNotRedrivableError extends DeadLetterError {
  override name = "DeadLetterNotRedrivableError";

  constructor(
    readonly id: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super("notRedrivable", `dead letter "${id}" cannot be redriven: ${reason}`, options);
  }
}

/** DynamoDB (dead-letter table or failure log) could not be reached, throttled, or failed: safe to retry. */
export class DeadLetterStoreUnavailableError extends DeadLetterError {
  override name = "DeadLetterStoreUnavailableError";

  constructor(operation: string, options: ErrorOptions & { cause: unknown }) {
    super("unavailable", `dead-letter store unavailable during ${operation}; retry`, {
      ...options,
      headers: { "Retry-After": "1" },
    });
  }
}

/** SQS refused or could not take the redriven message: safe to retry (the dedup id is deterministic). */
export class RedriveSendError extends DeadLetterError {
  override name = "RedriveSendError";

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
export class CorruptDeadLetterError extends DeadLetterError {
  override name = "CorruptDeadLetterError";

  constructor(what: string, options?: ErrorOptions) {
    super("corrupt", `stored item is malformed: ${what}`, options);
  }
}

/** The recorder could not tell which queue a DLQ record came from (logged; never an HTTP answer). */
export class UnknownSourceQueueError extends FifoqError {
  override name = "UnknownSourceQueueError";

  constructor(readonly eventSourceArn: string | undefined) {
    super(
      `cannot tell the source queue of a record from ${JSON.stringify(eventSourceArn)}; ` +
        "expected an ARN ending in :<name>-dlq.fifo, or set FIFOQ_QUEUE_NAME",
    );
  }
}
