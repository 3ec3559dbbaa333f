/**
 * Errors that carry their HTTP status and stable code. Anything thrown while handling a request that is an
 * `ApiError` becomes `{ "error": { code, message, details? } }` with its status (see `error-response.ts`);
 * anything else becomes a generic 500 `INTERNAL`.
 */

/** The stable codes of the public contract, plus the few fifoq adds (`THROTTLED`, `INTERNAL`). */
export const ERROR_CODES = {
  unauthorized: "UNAUTHORIZED",
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

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

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
export class ApiError extends Error {
  readonly details: readonly ErrorDetail[] | undefined;
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    options: ApiErrorOptions = {},
  ) {
    super(message, "cause" in options ? { cause: options.cause } : undefined);
    this.name = "ApiError";
    this.details = options.details;
    this.headers = options.headers;
  }
}

export class UnauthorizedError extends ApiError {
  constructor(
    status: 401 | 403 = 401,
    message = "missing or invalid API key; send it in x-api-key",
    options?: ErrorOptions,
  ) {
    super(ERROR_CODES.unauthorized, status, message, options);
    this.name = "UnauthorizedError";
  }
}

export class QueueNotFoundError extends ApiError {
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
    this.name = "QueueNotFoundError";
  }
}

export class NotFoundError extends ApiError {
  constructor(message: string, options?: ErrorOptions) {
    super(ERROR_CODES.notFound, 404, message, options);
    this.name = "NotFoundError";
  }
}

export class MethodNotAllowedError extends ApiError {
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
    this.name = "MethodNotAllowedError";
  }
}

export class InvalidJsonError extends ApiError {
  constructor(message: string, options?: ErrorOptions) {
    super(ERROR_CODES.invalidJson, 400, message, options);
    this.name = "InvalidJsonError";
  }
}

export class InvalidMessageError extends ApiError {
  constructor(message: string, details?: readonly ErrorDetail[], options?: ErrorOptions) {
    super(ERROR_CODES.invalidMessage, 400, message, { ...options, ...(details ? { details } : {}) });
    this.name = "InvalidMessageError";
  }
}

export class BatchTooLargeError extends ApiError {
  constructor(count: number, max: number, options?: ErrorOptions) {
    super(
      ERROR_CODES.batchTooLarge,
      400,
      `a batch holds at most ${max} messages and this one has ${count}; split it into several requests`,
      options,
    );
    this.name = "BatchTooLargeError";
  }
}

export class PayloadTooLargeError extends ApiError {
  constructor(message: string, details?: readonly ErrorDetail[], options?: ErrorOptions) {
    super(ERROR_CODES.payloadTooLarge, 413, message, { ...options, ...(details ? { details } : {}) });
    this.name = "PayloadTooLargeError";
  }
}

export class UnsupportedMediaTypeError extends ApiError {
  constructor(contentType: string | undefined, options?: ErrorOptions) {
    const given = contentType ? `"${contentType}"` : "none";
    super(
      ERROR_CODES.unsupportedMediaType,
      415,
      `Content-Type must be application/json (charset utf-8 if given); got ${given}`,
      options,
    );
    this.name = "UnsupportedMediaTypeError";
  }
}

export interface RetryAfterOptions extends ErrorOptions {
  /** Seconds the client should wait before retrying; sent as `Retry-After`. @default 1 */
  readonly retryAfterSeconds?: number;
}

export class ThrottledError extends ApiError {
  constructor(message = "too many requests; retry later", options: RetryAfterOptions = {}) {
    super(ERROR_CODES.throttled, 429, message, {
      ...options,
      headers: { "Retry-After": String(options.retryAfterSeconds ?? 1) },
    });
    this.name = "ThrottledError";
  }
}

/** SQS (or another AWS service) could not be reached, was throttling, or failed on its side: safe to retry. */
export class UpstreamUnavailableError extends ApiError {
  readonly retryAfterSeconds: number;

  constructor(message: string, options: RetryAfterOptions = {}) {
    const retryAfterSeconds = options.retryAfterSeconds ?? 1;
    super(ERROR_CODES.upstreamUnavailable, 503, message, {
      ...options,
      headers: { "Retry-After": String(retryAfterSeconds) },
    });
    this.name = "UpstreamUnavailableError";
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * SQS or DynamoDB refused a call in a way no retry fixes (permissions, a missing table or queue, a request it
 * calls invalid): a 500 without Retry-After. The message names the service, the call and the SDK's error name
 * only; the SDK's message (which may hold ARNs) is the logged `cause`.
 */
export class UpstreamRejectedError extends ApiError {
  constructor(service: string, operation: string, errorName: string, options?: ErrorOptions) {
    super(
      ERROR_CODES.upstreamRejected,
      500,
      `${service} refused ${operation} (${errorName}); retrying will not help: it is a deployment or permission problem, logged by the API`,
      options,
    );
    this.name = "UpstreamRejectedError";
  }
}
