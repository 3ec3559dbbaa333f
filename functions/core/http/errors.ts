import { FifoqError } from "../errors";

/**
 * Errors that carry their HTTP status and stable code. Anything thrown while handling a request that is an
 * `ApiError` becomes `{ "error": { code, message, details? } }` with its status (see `error-response.ts`);
 * anything else becomes a generic 500 `INTERNAL`.
 */

/** The stable codes of the public contract, plus the few fifoq adds (`THROTTLED`, `INTERNAL`). */
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
} as const;

/** One precise problem: which entry (batch), which field, and what to do about it. */
export interface ErrorDetail {
  readonly index?: number;
  readonly field?: string;
  readonly message: string;
}

export interface ApiErrorOptions extends ErrorOptions {
  readonly details?: readonly ErrorDetail[];
  readonly headers?: Readonly<Record<string, string>>;
}

/** Base class: an error with an HTTP status and a stable code. */
export class ApiError extends FifoqError {
  override name = "ApiError";

  readonly details: readonly ErrorDetail[] | undefined;
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    options: ApiErrorOptions = {},
  ) {
    super(message, "cause" in options ? { cause: options.cause } : undefined);
    this.details = options.details;
    this.headers = options.headers;
  }
}

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
      404,
      `queue "${queue}" is not configured; configured queues: ${list}`,
      options,
    );
  }
}

export class NotFoundError extends ApiError {
  override name = "NotFoundError";

  constructor(message: string, options?: ErrorOptions) {
    super(ERROR_CODES.notFound, 404, message, options);
  }
}

export class MethodNotAllowedError extends ApiError {
  override name = "MethodNotAllowedError";

  constructor(method: string, path: string, allowed: readonly string[], options?: ErrorOptions) {
    super(
      ERROR_CODES.methodNotAllowed,
      405,
      `${method} is not allowed on ${path}; use ${allowed.join(" or ")}`,
      {
        ...options,
        headers: { Allow: allowed.join(", ") },
      },
    );
  }
}

export class InvalidJsonError extends ApiError {
  override name = "InvalidJsonError";

  constructor(message: string, options?: ErrorOptions) {
    super(ERROR_CODES.invalidJson, 400, message, options);
  }
}

export class InvalidMessageError extends ApiError {
  override name = "InvalidMessageError";

  constructor(message: string, details?: readonly ErrorDetail[], options?: ErrorOptions) {
    super(ERROR_CODES.invalidMessage, 400, message, { ...options, ...(details ? { details } : {}) });
  }
}

export class BatchTooLargeError extends ApiError {
  override name = "BatchTooLargeError";

  constructor(count: number, max: number, options?: ErrorOptions) {
    super(
      ERROR_CODES.batchTooLarge,
      400,
      `a batch holds at most ${max} messages and this one has ${count}; split it into several requests`,
      options,
    );
  }
}

export class PayloadTooLargeError extends ApiError {
  override name = "PayloadTooLargeError";

  constructor(message: string, details?: readonly ErrorDetail[], options?: ErrorOptions) {
    super(ERROR_CODES.payloadTooLarge, 413, message, { ...options, ...(details ? { details } : {}) });
  }
}

export class UnsupportedMediaTypeError extends ApiError {
  override name = "UnsupportedMediaTypeError";

  constructor(contentType: string | undefined, options?: ErrorOptions) {
    const given = contentType ? `"${contentType}"` : "none";
    super(
      ERROR_CODES.unsupportedMediaType,
      415,
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
    super(ERROR_CODES.upstreamUnavailable, 503, message, {
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
      500,
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
      403,
      "this API key is a producer key: it may publish and list queues; the dead-letter routes need an operator key",
      options,
    );
  }
}
