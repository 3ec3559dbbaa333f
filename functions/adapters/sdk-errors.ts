/**
 * THE classifier of AWS SDK errors (SQS and DynamoDB, whole requests and single PartiQL statements). Every
 * adapter turns what the SDK threw into a domain error through it, so "can a retry fix this?" has one answer:
 * - `throttled` and `unavailable` (5xx, timeouts, the network): retryable — 503 with Retry-After at the API;
 * - `invalid` (the request's content is at fault) and `rejected` (permissions, a missing table or queue, any
 *   other refusal, anything unknown): not retryable;
 * - `condition-failed`: a conditional write lost, which the caller decides about.
 */
export type SdkErrorKind = "throttled" | "unavailable" | "invalid" | "rejected" | "condition-failed";

export interface SdkErrorClass {
  readonly kind: SdkErrorKind;
  readonly retryable: boolean;
  /** The SDK's error name without a service prefix (`AWS.SimpleQueueService.`), or `Error`. */
  readonly name: string;
  readonly message: string;
}

const THROTTLED = /Throttl|ThroughputExceeded|RequestLimitExceeded|TooManyRequests|SlowDown/;

const UNAVAILABLE = new Set([
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "InternalError",
  "InternalFailure",
  "InternalServerError",
  "RequestTimeout",
  "RequestTimeoutException",
  "TimeoutError",
  "TransactionConflict",
  "TransactionConflictException",
  "TransactionInProgress",
  "TransactionInProgressException",
]);

const INVALID = new Set([
  "ValidationException",
  "ValidationError",
  "SerializationException",
  "ItemCollectionSizeLimitExceededException",
  "InvalidMessageContents",
  "InvalidParameterValue",
  "InvalidAttributeName",
  "InvalidAttributeValue",
  "MissingParameter",
  "BatchEntryIdsNotDistinct",
  "TooManyEntriesInBatchRequest",
  "BatchRequestTooLong",
]);

const CONDITION_FAILED = new Set([
  "ConditionalCheckFailedException",
  "ConditionalCheckFailed",
  "DuplicateItem",
]);

/** Node socket errors: the endpoint could not be reached. */
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

interface SdkErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly $fault?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
}

const shapeOf = (error: unknown): SdkErrorShape => (typeof error === "object" && error !== null ? error : {});

const plainName = (name: unknown): string =>
  String(name ?? "Error").replace(/^AWS\.SimpleQueueService\./, "") || "Error";

const classOf = (kind: SdkErrorKind, name: string, message: string): SdkErrorClass => ({
  kind,
  retryable: kind === "throttled" || kind === "unavailable",
  name,
  message,
});

/** By name alone (a statement's `Error.Code` has nothing else); unknown names are refusals. */
const kindOfName = (name: string): SdkErrorKind | undefined => {
  if (CONDITION_FAILED.has(name)) return "condition-failed";
  if (THROTTLED.test(name)) return "throttled";
  if (UNAVAILABLE.has(name)) return "unavailable";
  if (INVALID.has(name)) return "invalid";
  return undefined;
};

/**
 * The kind of an SDK error: by name first, then by HTTP status (429 throttled, 5xx or a server fault
 * unavailable), then by the network (a socket error, or an SDK error that got no HTTP answer at all).
 */
export const classifySdkError = (error: unknown): SdkErrorClass => {
  const shape = shapeOf(error);
  const name = plainName(shape.name);
  const message = String(shape.message ?? error);
  const byName = kindOfName(name);
  if (byName) return classOf(byName, name, message);
  const status = shape.$metadata?.httpStatusCode;
  if (status === 429) return classOf("throttled", name, message);
  if (shape.$fault === "server" || (typeof status === "number" && status >= 500))
    return classOf("unavailable", name, message);
  const unanswered = shape.$metadata !== undefined && typeof status !== "number";
  if ((typeof shape.code === "string" && NETWORK_CODES.has(shape.code)) || unanswered)
    return classOf("unavailable", name, message);
  return classOf("rejected", name, message);
};

/** The kind of one failed statement of a BatchExecuteStatement (`Error.Code`, `Error.Message`). */
export const classifyStatementError = (error: {
  readonly Code?: string | undefined;
  readonly Message?: string | undefined;
}): SdkErrorClass => {
  const name = error.Code ?? "Unknown";
  return classOf(kindOfName(name) ?? "rejected", name, error.Message ?? "");
};
