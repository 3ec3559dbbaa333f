import { type StoreError, StoreRejectedError, StoreUnavailableError } from "../../core/idempotency/errors";

/**
 * Exception names (whole request) and `Error.Code`s (one statement of a BatchExecuteStatement) that a later
 * retry may cure: throttling (`ProvisionedThroughputExceeded…`, `Throttling…`, `RequestLimitExceeded`), server
 * errors, transaction conflicts and timeouts.
 */
const TRANSIENT =
  /Throughput|Throttl|RequestLimitExceeded|InternalServer|ServiceUnavailable|TransactionConflict|TransactionInProgress|Timeout/;

/** The fields of an SDK service exception that classify it (absent on network errors). */
type SdkErrorShape = Error & {
  readonly $fault?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
};

/**
 * Throttled, 5xx, or no HTTP answer at all (connection refused or reset, DNS, timeout): transient.
 * Any other 4xx (validation, missing table, access denied): rejected.
 */
const isTransient = (error: unknown): boolean => {
  if (!(error instanceof Error)) return true;
  const { $fault, $metadata } = error as SdkErrorShape;
  const status = $metadata?.httpStatusCode;
  return TRANSIENT.test(error.name) || $fault === "server" || typeof status !== "number" || status >= 500;
};

const storeError = (transient: boolean, operation: string, message: string, cause: unknown): StoreError =>
  transient
    ? new StoreUnavailableError(operation, message, { cause })
    : new StoreRejectedError(operation, message, { cause });

/** Turns whatever the SDK threw into a domain error, keeping it as `cause`. */
export const translateSdkError = (error: unknown, operation: string): StoreError =>
  storeError(
    isTransient(error),
    operation,
    error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    error,
  );

/** The failure of one statement of a BatchExecuteStatement (the others may have succeeded). */
export const translateStatementError = (
  operation: string,
  error: { readonly Code?: string | undefined; readonly Message?: string | undefined },
): StoreError =>
  storeError(
    TRANSIENT.test(error.Code ?? ""),
    operation,
    `${error.Code ?? "Unknown"}: ${error.Message ?? ""}`,
    error,
  );
