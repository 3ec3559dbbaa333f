import type { ErrorDetail } from "../../../contract";
import { ERROR_STATUS, type ErrorCode } from "../../../contract/errors";
import { FifoqError, named } from "../errors";

/**
 * Errors that carry their HTTP status and stable code. Anything thrown while handling a request that is an
 * `ApiError` becomes `{ "error": { code, message, details? } }` with its status (see `error-response.ts`);
 * anything else becomes a generic 500 `INTERNAL`.
 */

/** The contract's error codes by a name the server's code reads well with (`ERROR_CODES.notFound`). */
export const ERROR_CODES = {
  unauthorized: "UNAUTHORIZED",
  forbidden: "FORBIDDEN",
  queueNotFound: "QUEUE_NOT_FOUND",
  notFound: "NOT_FOUND",
  methodNotAllowed: "METHOD_NOT_ALLOWED",
  invalidJson: "INVALID_JSON",
  invalidMessage: "INVALID_MESSAGE",
  batchTooLarge: "BATCH_TOO_LARGE",
  payloadTooLarge: "PAYLOAD_TOO_LARGE",
  unsupportedMediaType: "UNSUPPORTED_MEDIA_TYPE",
  throttled: "THROTTLED",
  internal: "INTERNAL",
  upstreamUnavailable: "UPSTREAM_UNAVAILABLE",
  upstreamRejected: "UPSTREAM_REJECTED",
} as const satisfies Readonly<Record<string, ErrorCode>>;

export type { ErrorDetail };

export interface ApiErrorOptions extends ErrorOptions {
  readonly details?: readonly ErrorDetail[];
  readonly headers?: Readonly<Record<string, string>>;
}

/** Base class: an error with a stable code of the contract, answered with that code's HTTP status. */
export class ApiError extends FifoqError {
  override name = "ApiError";

  readonly status: number;
  readonly details: readonly ErrorDetail[] | undefined;
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: ApiErrorOptions = {},
  ) {
    super(message, "cause" in options ? { cause: options.cause } : undefined);
    this.status = ERROR_STATUS[code];
    this.details = options.details;
    this.headers = options.headers;
  }
}

/** The base of an error of one code whose whole text is the message it is given. */
const withCode = (code: ErrorCode) =>
  class extends ApiError {
    constructor(message: string, options?: ErrorOptions) {
      super(code, message, options);
    }
  };

/**
 * The base class of a module's API errors, named `name`: a subclass passes one of `answers`' keys, and the
 * error carries that key's code (and the contract's status for it).
 */
export const answeringError = <Answer extends string>(
  name: string,
  answers: Readonly<Record<Answer, ErrorCode>>,
) =>
  named(
    name,
    class extends ApiError {
      constructor(answer: Answer, message: string, options?: ApiErrorOptions) {
        super(answers[answer], message, options);
      }
    },
  );

/** The base of an error of one code with a message and, optionally, one detail per field or entry at fault. */
const withDetails = (code: ErrorCode) =>
  class extends ApiError {
    constructor(message: string, details?: readonly ErrorDetail[], options?: ErrorOptions) {
      super(code, message, { ...options, ...(details ? { details } : {}) });
    }
  };

export class QueueNotFoundError extends ApiError {
  override name = "QueueNotFoundError";

  constructor(
    readonly queue: string,
    known: readonly string[],
    options?: ErrorOptions,
  ) {
    const list = known.length > 0 ? known.join(", ") : "(none)";
    super(
      ERROR_CODES.queueNotFound,
      `queue "${queue}" is not configured; configured queues: ${list}`,
      options,
    );
  }
}

export class NotFoundError extends withCode(ERROR_CODES.notFound) {
  override name = "NotFoundError";
}

export class MethodNotAllowedError extends ApiError {
  override name = "MethodNotAllowedError";

  constructor(method: string, path: string, allowed: readonly string[], options?: ErrorOptions) {
    super(ERROR_CODES.methodNotAllowed, `${method} is not allowed on ${path}; use ${allowed.join(" or ")}`, {
      ...options,
      headers: { Allow: allowed.join(", ") },
    });
  }
}

export class InvalidJsonError extends withCode(ERROR_CODES.invalidJson) {
  override name = "InvalidJsonError";
}

export class InvalidMessageError extends withDetails(ERROR_CODES.invalidMessage) {
  override name = "InvalidMessageError";
}

export class BatchTooLargeError extends ApiError {
  override name = "BatchTooLargeError";

  constructor(count: number, max: number, options?: ErrorOptions) {
    super(
      ERROR_CODES.batchTooLarge,
      `a batch holds at most ${max} messages and this one has ${count}; split it into several requests`,
      options,
    );
  }
}

export class PayloadTooLargeError extends withDetails(ERROR_CODES.payloadTooLarge) {
  override name = "PayloadTooLargeError";
}

export class UnsupportedMediaTypeError extends ApiError {
  override name = "UnsupportedMediaTypeError";

  constructor(contentType: string | undefined, options?: ErrorOptions) {
    const given = contentType ? `"${contentType}"` : "none";
    super(
      ERROR_CODES.unsupportedMediaType,
      `Content-Type must be application/json (charset utf-8 if given); got ${given}`,
      options,
    );
  }
}

export interface RetryAfterOptions extends ErrorOptions {
  /** Seconds the client should wait before retrying; sent as `Retry-After`. @default 1 */
  readonly retryAfterSeconds?: number;
}

/** SQS (or another AWS service) could not be reached, was throttling, or failed on its side: safe to retry. */
export class UpstreamUnavailableError extends ApiError {
  override name = "UpstreamUnavailableError";

  readonly retryAfterSeconds: number;

  constructor(message: string, options: RetryAfterOptions = {}) {
    const retryAfterSeconds = options.retryAfterSeconds ?? 1;
    super(ERROR_CODES.upstreamUnavailable, message, {
      ...options,
      headers: { "Retry-After": String(retryAfterSeconds) },
    });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * SQS or DynamoDB refused a call in a way no retry fixes (permissions, a missing table or queue, a request it
 * calls invalid): a 500 without Retry-After. The message names the service, the call and the SDK's error name
 * only; the SDK's message (which may hold ARNs) is the logged `cause`.
 */
export class UpstreamRejectedError extends ApiError {
  override name = "UpstreamRejectedError";

  constructor(service: string, operation: string, errorName: string, options?: ErrorOptions) {
    super(
      ERROR_CODES.upstreamRejected,
      `${service} refused ${operation} (${errorName}); retrying will not help: it is a deployment or permission problem, logged by the API`,
      options,
    );
  }
}

/** A valid key without the right to this route: a producer key on a dead-letter (operator) route. */
export class ForbiddenError extends ApiError {
  override name = "ForbiddenError";

  constructor(options?: ErrorOptions) {
    super(
      ERROR_CODES.forbidden,
      "this API key is a producer key: it may publish and list queues; the dead-letter routes need an operator key",
      options,
    );
  }
}
