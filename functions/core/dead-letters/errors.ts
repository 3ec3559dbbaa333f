import { ApiError, type ApiErrorOptions, ERROR_CODES } from "../http/errors";
import type { DeadLetterStatus } from "./types";

/** Stable codes this module adds to the contract's table. */
export const DEAD_LETTER_ERROR_CODES = {
  invalidCursor: "INVALID_CURSOR",
  invalidQuery: "INVALID_QUERY",
  conflict: "DEAD_LETTER_CONFLICT",
  notRedrivable: "DEAD_LETTER_NOT_REDRIVABLE",
  redriveTooEarly: "REDRIVE_TOO_EARLY",
} as const;

/** Base class of every dead-letter error; each carries its HTTP status and stable code. */
export class DeadLetterError extends ApiError {
  constructor(code: string, status: number, message: string, options: ApiErrorOptions = {}) {
    super(code, status, message, options);
    this.name = "DeadLetterError";
  }
}

export class DeadLetterNotFoundError extends DeadLetterError {
  constructor(
    readonly queue: string,
    readonly id: string,
    options?: ErrorOptions,
  ) {
    super(
      ERROR_CODES.notFound,
      404,
      `queue "${queue}" has no dead letter "${id}"; list them with GET /queues/${queue}/dead-letters`,
      options,
    );
    this.name = "DeadLetterNotFoundError";
  }
}

/** The `cursor` query parameter is not one this API returned for this queue. */
export class InvalidCursorError extends DeadLetterError {
  constructor(reason: string, options?: ErrorOptions) {
    super(
      DEAD_LETTER_ERROR_CODES.invalidCursor,
      400,
      `cursor is not valid (${reason}); pass the nextCursor of the previous page unchanged, or omit it to start over`,
      { ...options, details: [{ field: "cursor", message: reason }] },
    );
    this.name = "InvalidCursorError";
  }
}

/** A query parameter (limit, status, groupId) is out of range. */
export class InvalidDeadLetterQueryError extends DeadLetterError {
  constructor(
    readonly field: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(DEAD_LETTER_ERROR_CODES.invalidQuery, 400, `${field}: ${message}`, {
      ...options,
      details: [{ field, message }],
    });
    this.name = "InvalidDeadLetterQueryError";
  }
}

/** The dead letter is not in a state that allows the operation (e.g. redrive a discarded one). */
export class DeadLetterConflictError extends DeadLetterError {
  constructor(
    readonly id: string,
    readonly current: DeadLetterStatus,
    operation: string,
    options?: ErrorOptions,
  ) {
    super(
      DEAD_LETTER_ERROR_CODES.conflict,
      409,
      `dead letter "${id}" is ${current}; it cannot be ${operation}`,
      options,
    );
    this.name = "DeadLetterConflictError";
  }
}

/** The stored body was cut to fit DynamoDB: the original message cannot be rebuilt. */
export class DeadLetterNotRedrivableError extends DeadLetterError {
  constructor(
    readonly id: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(
      DEAD_LETTER_ERROR_CODES.notRedrivable,
      409,
      `dead letter "${id}" cannot be redriven: ${reason}`,
      options,
    );
    this.name = "DeadLetterNotRedrivableError";
  }
}

/**
 * The message already has 10 attributes (no room for `fifoq-dedup-id`) and was first sent less than the SQS
 * deduplication window ago, so sending it with its original dedup id would be dropped. Retry later.
 */
export class RedriveTooEarlyError extends DeadLetterError {
  constructor(
    readonly id: string,
    readonly retryAfterSeconds: number,
    options?: ErrorOptions,
  ) {
    super(
      DEAD_LETTER_ERROR_CODES.redriveTooEarly,
      409,
      `dead letter "${id}" has 10 attributes, so it must be redriven with its original dedup id, which SQS ` +
        `still deduplicates; retry in ${retryAfterSeconds} s`,
      { ...options, headers: { "Retry-After": String(retryAfterSeconds) } },
    );
    this.name = "RedriveTooEarlyError";
  }
}

/** DynamoDB (dead-letter table or failure log) could not be reached, throttled, or failed: safe to retry. */
export class DeadLetterStoreUnavailableError extends DeadLetterError {
  constructor(operation: string, options: ErrorOptions & { cause: unknown }) {
    super(ERROR_CODES.upstreamUnavailable, 503, `dead-letter store unavailable during ${operation}; retry`, {
      ...options,
      headers: { "Retry-After": "1" },
    });
    this.name = "DeadLetterStoreUnavailableError";
  }
}

/** SQS refused or could not take the redriven message: safe to retry (the dedup id is deterministic). */
export class RedriveSendError extends DeadLetterError {
  constructor(
    readonly id: string,
    options: ErrorOptions & { cause: unknown },
  ) {
    super(
      ERROR_CODES.upstreamUnavailable,
      503,
      `dead letter "${id}" could not be sent back to its queue; retry`,
      {
        ...options,
        headers: { "Retry-After": "1" },
      },
    );
    this.name = "RedriveSendError";
  }
}

/** A stored item does not have the shape this code writes (a bug or a foreign writer). */
export class CorruptDeadLetterError extends DeadLetterError {
  constructor(what: string, options?: ErrorOptions) {
    super(ERROR_CODES.internal, 500, `stored item is malformed: ${what}`, options);
    this.name = "CorruptDeadLetterError";
  }
}

/** The recorder could not tell which queue a DLQ record came from. */
export class UnknownSourceQueueError extends DeadLetterError {
  constructor(eventSourceArn: string | undefined) {
    super(
      ERROR_CODES.internal,
      500,
      `cannot tell the source queue of a record from ${JSON.stringify(eventSourceArn)}; ` +
        "expected an ARN ending in :<name>-dlq.fifo, or set FIFOQ_QUEUE_NAME",
    );
    this.name = "UnknownSourceQueueError";
  }
}

/** The recorder function's environment is missing or has wrong values; every problem is named. */
export class InvalidRecorderEnvError extends DeadLetterError {
  constructor(readonly problems: readonly string[]) {
    super(ERROR_CODES.internal, 500, `dead-letter recorder environment: ${problems.join("; ")}`);
    this.name = "InvalidRecorderEnvError";
  }
}
