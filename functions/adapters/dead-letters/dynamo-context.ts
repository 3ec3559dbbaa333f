import { ConditionalCheckFailedException, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DeadLetterStoreUnavailableError } from "../../core/dead-letters/errors";

/** What every dead-letter table operation needs. */
export interface DeadLetterTable {
  readonly dynamo: DynamoDBClient;
  readonly table: string;
}

export const isConditionFailure = (error: unknown): error is ConditionalCheckFailedException =>
  error instanceof ConditionalCheckFailedException;

/**
 * Runs an SDK call; a failed condition is rethrown as is (the caller decides what it means), anything else
 * becomes `DeadLetterStoreUnavailableError` (retryable) carrying the SDK error as `cause`.
 */
export const guarded = async <T>(operation: string, call: () => Promise<T>): Promise<T> => {
  try {
    return await call();
  } catch (cause) {
    if (isConditionFailure(cause)) throw cause;
    throw new DeadLetterStoreUnavailableError(operation, { cause });
  }
};
