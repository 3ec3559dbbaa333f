import { type StoreError, StoreRejectedError, StoreUnavailableError } from "../../core/idempotency/errors";
import { classifySdkError, classifyStatementError, type SdkErrorClass } from "../sdk-errors";

/** The idempotency store's domain error for a classified fault: retryable → unavailable, else rejected. */
const storeError = (operation: string, fault: SdkErrorClass, cause: unknown): StoreError => {
  const message = `${fault.name}: ${fault.message}`;
  return fault.retryable
    ? new StoreUnavailableError(operation, message, { cause })
    : new StoreRejectedError(operation, message, { cause });
};

/** Turns whatever the SDK threw into a domain error (through the one classifier), keeping it as `cause`. */
export const translateSdkError = (error: unknown, operation: string): StoreError =>
  storeError(operation, classifySdkError(error), error);

/** The failure of one statement of a BatchExecuteStatement (the others may have succeeded). */
export const translateStatementError = (
  operation: string,
  error: { readonly Code?: string | undefined; readonly Message?: string | undefined },
): StoreError => storeError(operation, classifyStatementError(error), error);
