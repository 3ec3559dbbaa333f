import { InvalidMessageError, UpstreamUnavailableError } from "../../core/http/errors";

/** SDK error names (without the `AWS.SimpleQueueService.` prefix) that mean "slow down". */
const THROTTLING = new Set([
  "RequestThrottled",
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "KmsThrottled",
  "SlowDown",
]);

/** SDK error names that mean SQS (or the network path to it) failed on its side. */
const SERVER_SIDE = new Set([
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "InternalError",
  "InternalFailure",
  "InternalServerError",
  "RequestTimeout",
  "RequestTimeoutException",
  "TimeoutError",
]);

/** Node socket error codes: the endpoint cannot be reached. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ECONNABORTED",
]);

/** SDK errors SQS raises when the message itself is at fault. */
const MESSAGE_AT_FAULT = new Set([
  "InvalidMessageContents",
  "InvalidParameterValue",
  "InvalidAttributeName",
  "InvalidAttributeValue",
  "MissingParameter",
]);

interface SdkErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly $fault?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
}

const shapeOf = (error: unknown): SdkErrorShape => (typeof error === "object" && error !== null ? error : {});

/** `AWS.SimpleQueueService.InvalidMessageContents` → `InvalidMessageContents`. */
export const sqsErrorName = (error: unknown): string =>
  String(shapeOf(error).name ?? "").replace(/^AWS\.SimpleQueueService\./, "");

const isThrottling = (error: unknown): boolean => {
  const status = shapeOf(error).$metadata?.httpStatusCode;
  return THROTTLING.has(sqsErrorName(error)) || status === 429;
};

const isUnavailable = (error: unknown): boolean => {
  const shape = shapeOf(error);
  const status = shape.$metadata?.httpStatusCode;
  return (
    shape.$fault === "server" ||
    (typeof status === "number" && status >= 500) ||
    SERVER_SIDE.has(sqsErrorName(error)) ||
    (typeof shape.code === "string" && NETWORK_CODES.has(shape.code))
  );
};

/**
 * Turns an SDK error into a domain error: throttling, network failures and 5xx become
 * `UpstreamUnavailableError` (503 + Retry-After); a message SQS refuses becomes `InvalidMessageError`. Anything
 * else (permissions, a queue that does not exist) is returned unchanged: it is a deployment problem, a 500.
 */
export const translateSqsError = (error: unknown, operation: string): unknown => {
  const message = String(shapeOf(error).message ?? "unknown error");
  if (isThrottling(error)) {
    return new UpstreamUnavailableError(`SQS is throttling ${operation}: ${message}`, {
      retryAfterSeconds: 1,
      cause: error,
    });
  }
  if (isUnavailable(error)) {
    return new UpstreamUnavailableError(`SQS is unavailable (${operation}): ${message}`, {
      retryAfterSeconds: 2,
      cause: error,
    });
  }
  if (shapeOf(error).$fault === "client" && MESSAGE_AT_FAULT.has(sqsErrorName(error))) {
    return new InvalidMessageError(
      `SQS refused the message (${sqsErrorName(error)}): ${message}`,
      undefined,
      {
        cause: error,
      },
    );
  }
  return error;
};
