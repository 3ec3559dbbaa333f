import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DeadLetterStoreUnavailableError } from "../../core/dead-letters/errors";
import { UpstreamRejectedError } from "../../core/http/errors";
import { classifySdkError } from "../sdk-errors";

/** What every dead-letter table operation needs. */
export interface DeadLetterTable {
  readonly dynamo: DynamoDBClient;
  readonly table: string;
}

/** The SDK error thrown for a failed condition, which `storeCall` passes through for the caller to judge. */
export const isConditionFailure = (error: unknown): boolean =>
  classifySdkError(error).kind === "condition-failed";

/** A failed dead-letter store call as a domain error: retryable → 503 with Retry-After, else a 500 without. */
export const deadLetterStoreError = (operation: string, cause: unknown): Error => {
  const fault = classifySdkError(cause);
  return fault.retryable
    ? new DeadLetterStoreUnavailableError(operation, { cause })
    : new UpstreamRejectedError("DynamoDB", `dead-letter ${operation}`, fault.name, { cause });
};

/**
 * Runs an SDK call of the dead-letter store. A failed condition is rethrown as is (the caller decides what it
 * means); any other error becomes `deadLetterStoreError`, through the one SDK-error classifier.
 */
export const storeCall = async <T>(operation: string, call: () => Promise<T>): Promise<T> => {
  try {
    return await call();
  } catch (cause) {
    if (isConditionFailure(cause)) throw cause;
    throw deadLetterStoreError(operation, cause);
  }
};
