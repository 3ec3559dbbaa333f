/**
 * THE classifier of AWS SDK errors (SQS and DynamoDB, whole requests and single PartiQL statements). Every
 * adapter turns what the SDK threw into a domain error through it, so "can a retry fix this?" has one answer:
 * - `throttled` and `unavailable` (5xx, timeouts, the network, a resource that changed during the call — a
 *   Scheduler `ConflictException`): retryable — 503 with Retry-After at the API;
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

/**
 * Error names by kind, checked in this order (whole-request exception names and single-statement `Error.Code`s
 * alike). Regular expressions, not sets, and few lines: the consumer bundle carries this module.
 */
const KINDS: readonly (readonly [SdkErrorKind, RegExp])[] = [
  ["condition-failed", /^(ConditionalCheckFailed|DuplicateItem)/],
  ["throttled", /Throttl|ThroughputExceeded|RequestLimitExceeded|TooManyRequests|SlowDown/],
  [
    "unavailable",
    /^(ServiceUnavailable|Internal|RequestTimeout|TimeoutError|Transaction(Conflict|InProgress)|Conflict|ConcurrentModification)/,
  ],
  [
    "invalid",
    /^(Validation|Serialization|Invalid(Message|Parameter|Attribute)|MissingParameter|ItemCollectionSize|BatchEntryIds|TooManyEntries|BatchRequestTooLong)/,
  ],
];

interface SdkErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly $fault?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
}

const classOf = (kind: SdkErrorKind, name: string, message: string): SdkErrorClass => ({
  kind,
  retryable: kind === "throttled" || kind === "unavailable",
  name,
  message,
});

/** By name alone (a statement's `Error.Code` has nothing else). */
const kindOfName = (name: string): SdkErrorKind | undefined =>
  KINDS.find(([, names]) => names.test(name))?.[0];

/**
 * The kind of an SDK error: by name first, then by HTTP status (429 throttled, 5xx or a server fault
 * unavailable), then by the network (a Node socket error `E…`, or an SDK error that got no HTTP answer at all);
 * anything else is a refusal.
 */
export const classifySdkError = (error: unknown): SdkErrorClass => {
  const { name, code, message, $fault, $metadata }: SdkErrorShape =
    typeof error === "object" && error !== null ? error : {};
  const plain = String(name ?? "Error").replace(/^AWS\.SimpleQueueService\./, "");
  const status = $metadata?.httpStatusCode;
  const unreached = /^E[A-Z_]+$/.test(String(code)) || ($metadata !== undefined && status === undefined);
  const kind =
    kindOfName(plain) ??
    (status === 429
      ? "throttled"
      : $fault === "server" || (typeof status === "number" && status >= 500) || unreached
        ? "unavailable"
        : "rejected");
  return classOf(kind, plain, String(message ?? error));
};

/** The kind of one failed statement of a BatchExecuteStatement (`Error.Code`, `Error.Message`). */
export const classifyStatementError = (error: {
  readonly Code?: string | undefined;
  readonly Message?: string | undefined;
}): SdkErrorClass => {
  const name = error.Code ?? "Unknown";
  return classOf(kindOfName(name) ?? "rejected", name, error.Message ?? "");
};
