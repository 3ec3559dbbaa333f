import { UpstreamRejectedError, UpstreamUnavailableError } from "../../core/http/errors";
import { classifySdkError, type SdkErrorClass } from "../sdk-errors";

/** The SDK error thrown for a failed condition (or a transaction cancelled by one), which callers judge. */
export const isConditionFailure = (error: unknown): boolean => {
  if (classifySdkError(error).kind === "condition-failed") return true;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] } | null)?.CancellationReasons;
  return Array.isArray(reasons) && reasons.some((reason) => reason.Code === "ConditionalCheckFailed");
};

/**
 * Runs an SDK call of the scheduled store. A failed condition is rethrown as is; any other error becomes
 * `UpstreamUnavailableError` (503 with Retry-After) or `UpstreamRejectedError` (500), through the one classifier.
 */
export const storeCall = async <T>(operation: string, call: () => Promise<T>): Promise<T> => {
  try {
    return await call();
  } catch (cause) {
    if (isConditionFailure(cause)) throw cause;
    throw scheduledStoreError(operation, classifySdkError(cause), cause);
  }
};

/**
 * The API's error for a classified DynamoDB fault of the scheduled store: `UpstreamUnavailableError` (503 with
 * Retry-After) when it may pass, else `UpstreamRejectedError` (500). A whole call's or one statement's.
 */
export const scheduledStoreError = (operation: string, fault: SdkErrorClass, cause?: unknown): Error =>
  fault.retryable
    ? new UpstreamUnavailableError(`DynamoDB is unavailable (scheduled ${operation}): ${fault.name}`, {
        retryAfterSeconds: 1,
        ...(cause === undefined ? {} : { cause }),
      })
    : new UpstreamRejectedError(
        "DynamoDB",
        `scheduled ${operation}`,
        fault.name,
        cause === undefined ? {} : { cause },
      );
