import { type StoreError, StoreRejectedError, StoreUnavailableError } from "../../core/idempotency/errors";

/** Exception names of a whole request that a later retry may cure. */
const TRANSIENT_NAMES = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "InternalServerError",
  "ServiceUnavailable",
  "TransactionConflictException",
  "TimeoutError",
  "RequestTimeout",
  "RequestTimeoutException",
]);

/** `Error.Code` of one statement of a BatchExecuteStatement that a later retry may cure. */
const TRANSIENT_STATEMENT_CODES = new Set([
  "ProvisionedThroughputExceeded",
  "ThrottlingError",
  "RequestLimitExceeded",
  "InternalServerError",
  "TransactionConflict",
]);

const httpStatusOf = (error: object): number | undefined => {
  if (!("$metadata" in error) || typeof error.$metadata !== "object" || error.$metadata === null)
    return undefined;
  const status = "httpStatusCode" in error.$metadata ? error.$metadata.httpStatusCode : undefined;
  return typeof status === "number" ? status : undefined;
};

/**
 * Throttled, 5xx, or no HTTP answer at all (connection refused or reset, DNS, timeout): transient.
 * Any other 4xx (validation, missing table, access denied): rejected.
 */
const isTransient = (error: unknown): boolean => {
  if (!(error instanceof Error)) return true;
  if (TRANSIENT_NAMES.has(error.name)) return true;
  if ("$fault" in error && error.$fault === "server") return true;
  const status = httpStatusOf(error);
  return status === undefined || status >= 500;
};

/** Turns whatever the SDK threw into a domain error, keeping it as `cause`. */
export const translateSdkError = (error: unknown, operation: string): StoreError => {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return isTransient(error)
    ? new StoreUnavailableError(operation, message, { cause: error })
    : new StoreRejectedError(operation, message, { cause: error });
};

/** The failure of one statement of a BatchExecuteStatement (the others may have succeeded). */
export const translateStatementError = (
  operation: string,
  error: { readonly Code?: string | undefined; readonly Message?: string | undefined },
): StoreError => {
  const message = `${error.Code ?? "Unknown"}: ${error.Message ?? ""}`;
  return TRANSIENT_STATEMENT_CODES.has(error.Code ?? "")
    ? new StoreUnavailableError(operation, message, { cause: error })
    : new StoreRejectedError(operation, message, { cause: error });
};
