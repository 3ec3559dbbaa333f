/**
 * Errors of `@fifoq/client`. Every error the client throws is a `FifoqClientError`; an answer of the API that is
 * not a success is a `FifoqApiError` (or a subclass) carrying the contract's stable `code` and the HTTP
 * `status`, so callers branch on `instanceof` or on `code`.
 */

import type { ErrorCode, ErrorDetail } from "../../contract/index.js";

/** One problem the API listed in `error.details` (a batch entry's index, a field). */
export type { ErrorDetail };

/** Base class of every error the client throws. */
export class FifoqClientError extends Error {
  /**
   * The contract's stable code, or the client's own: `NETWORK_ERROR`, `TIMEOUT`, `INVALID_RESPONSE`,
   * `INVALID_INPUT`, `REDIRECT_REFUSED`, `RESPONSE_TOO_LARGE`.
   */
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "FifoqClientError";
    this.code = code;
  }
}

export interface ApiErrorInit {
  readonly code: string;
  readonly status: number;
  readonly message: string;
  readonly details?: readonly ErrorDetail[] | undefined;
  /** From the `Retry-After` header, in seconds. */
  readonly retryAfterSeconds?: number | undefined;
  /** API Gateway's request id (`x-amzn-RequestId`), to find the request in the logs. */
  readonly requestId?: string | undefined;
}

/** The API answered with an error: `{ "error": { code, message, details? } }`. */
export class FifoqApiError extends FifoqClientError {
  readonly status: number;
  readonly details: readonly ErrorDetail[];
  readonly retryAfterSeconds: number | undefined;
  readonly requestId: string | undefined;

  constructor(init: ApiErrorInit, options?: ErrorOptions) {
    super(init.code, init.message, options);
    this.name = "FifoqApiError";
    this.status = init.status;
    this.details = init.details ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.requestId = init.requestId;
  }
}

/**
 * A subclass of `base` that only names itself (`instanceof` and `name` tell the API's errors apart), typed as
 * `base` so the declarations keep each error's parent.
 */
const named = <Base extends typeof FifoqApiError>(name: string, base: Base): Base =>
  class extends (base as typeof FifoqApiError) {
    override readonly name: string = name;
  } as Base;

/** 401/403 `UNAUTHORIZED`: the key is missing or wrong. */
export class UnauthorizedError extends named("UnauthorizedError", FifoqApiError) {}

/** 403 `FORBIDDEN`: a valid key without the right to this route (e.g. a producer key on dead letters). */
export class ForbiddenError extends named("ForbiddenError", FifoqApiError) {}

/** 404 `NOT_FOUND`: no such route or dead letter. */
export class NotFoundError extends named("NotFoundError", FifoqApiError) {}

/** 404 `QUEUE_NOT_FOUND`: the queue is not configured (the message lists the configured ones). */
export class QueueNotFoundError extends named("QueueNotFoundError", NotFoundError) {}

/** 400/405/413/415: the request itself is wrong (`INVALID_MESSAGE`, `INVALID_JSON`, `INVALID_QUERY`, …). */
export class InvalidRequestError extends named("InvalidRequestError", FifoqApiError) {}

/** 409: the dead letter's state forbids the operation (`DEAD_LETTER_CONFLICT`, `DEAD_LETTER_NOT_REDRIVABLE`). */
export class ConflictError extends named("ConflictError", FifoqApiError) {}

/**
 * 409 `REDRIVE_UNCERTAIN`: the dead letter was left `redriving` by a redrive that did not finish more than SQS's
 * 5-minute dedup window ago, so it may have been sent and run. Redrive it again only with `{ force: true }`.
 */
export class RedriveUncertainError extends named("RedriveUncertainError", ConflictError) {}

/** 409 `ALREADY_RELEASED`: a cancel of a delayed message that was already released onto its queue. */
export class AlreadyReleasedError extends named("AlreadyReleasedError", ConflictError) {}

/** 429 `THROTTLED`: retried by the client; thrown once the retries are used up. */
export class ThrottledError extends named("ThrottledError", FifoqApiError) {}

/** 503 `UPSTREAM_UNAVAILABLE` (and other 5xx): retried by the client (503); thrown once retries are used up. */
export class UnavailableError extends named("UnavailableError", FifoqApiError) {}

/** The request did not reach the API or its answer did not come back (retried; thrown once retries are used up). */
export class FifoqNetworkError extends FifoqClientError {
  constructor(message: string, options?: ErrorOptions, code = "NETWORK_ERROR") {
    super(code, message, options);
    this.name = "FifoqNetworkError";
  }
}

/** No answer within the client's `timeoutMs` (retried like a network error). */
export class FifoqTimeoutError extends FifoqNetworkError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options, "TIMEOUT");
    this.name = "FifoqTimeoutError";
  }
}

/**
 * What the caller gave cannot be sent, so nothing was: a body JSON cannot represent (a `BigInt`, a cycle,
 * nesting too deep to encode) or a name or id that is not well-formed text (a lone surrogate). Not retried.
 */
export class FifoqInputError extends FifoqClientError {
  /** The message's position in a `publishBatch` call. */
  readonly index: number | undefined;

  constructor(message: string, options?: ErrorOptions & { index?: number }) {
    super("INVALID_INPUT", message, options);
    this.name = "FifoqInputError";
    this.index = options?.index;
  }
}

/**
 * The server answered with a redirect (3xx). The client never follows one: the next hop would get the key
 * (`x-api-key`) and, on a 307 or 308, the body. Not retried.
 */
export class FifoqRedirectError extends FifoqClientError {
  readonly status: number;
  /** Where it pointed: the `Location` header, escaped and cut; `undefined` when absent or hidden (browsers). */
  readonly location: string | undefined;

  constructor(message: string, init: { status: number; location: string | undefined }) {
    super("REDIRECT_REFUSED", message);
    this.name = "FifoqRedirectError";
    this.status = init.status;
    this.location = init.location;
  }
}

/** An answer longer than the client's `maxResponseBytes`: it stopped reading there. Not retried. */
export class FifoqResponseTooLargeError extends FifoqClientError {
  readonly limitBytes: number;

  constructor(message: string, limitBytes: number) {
    super("RESPONSE_TOO_LARGE", message);
    this.name = "FifoqResponseTooLargeError";
    this.limitBytes = limitBytes;
  }
}

type ApiErrorClass = new (init: ApiErrorInit, options?: ErrorOptions) => FifoqApiError;

const BY_CODE: Readonly<Partial<Record<ErrorCode, ApiErrorClass>>> & Readonly<Record<string, ApiErrorClass>> =
  {
    UNAUTHORIZED: UnauthorizedError,
    FORBIDDEN: ForbiddenError,
    NOT_FOUND: NotFoundError,
    QUEUE_NOT_FOUND: QueueNotFoundError,
    THROTTLED: ThrottledError,
    ALREADY_RELEASED: AlreadyReleasedError,
    REDRIVE_UNCERTAIN: RedriveUncertainError,
    UPSTREAM_UNAVAILABLE: UnavailableError,
  };

const byStatus = (status: number): ApiErrorClass => {
  if (status === 401) return UnauthorizedError;
  if (status === 403) return ForbiddenError;
  if (status === 404) return NotFoundError;
  if (status === 409) return ConflictError;
  if (status === 429) return ThrottledError;
  if (status >= 500) return UnavailableError;
  return InvalidRequestError;
};

/** The error class for an answer: by the contract's code first, else by the HTTP status. */
export const apiError = (init: ApiErrorInit): FifoqApiError => {
  const ErrorClass =
    (Object.hasOwn(BY_CODE, init.code) ? BY_CODE[init.code] : undefined) ?? byStatus(init.status);
  return new ErrorClass(init);
};
