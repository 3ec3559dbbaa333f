import type { DynamoDBClient, TransactWriteItemsCommandInput } from "@aws-sdk/client-dynamodb";
import { DeadLetterStoreUnavailableError } from "../../core/dead-letters/errors";
import { UpstreamRejectedError } from "../../core/http/errors";
import { type PayloadStore, PayloadStoreUnavailableError } from "../../core/payloads/payload-store";
import { dynamoDbSdk } from "../dynamodb/sdk";
import { classifySdkError, classifyStatementError, type SdkErrorClass } from "../sdk-errors";

/** What every dead-letter table operation needs. */
export interface DeadLetterTable {
  readonly dynamo: DynamoDBClient;
  readonly table: string;
  /** Where records over DynamoDB's item limit keep their body and attributes (`offload.ts`). */
  readonly payloads?: PayloadStore | undefined;
}

interface CancelledTransaction {
  readonly name?: unknown;
  readonly CancellationReasons?: readonly { readonly Code?: string; readonly Message?: string }[];
}

/**
 * The class of an SDK error; a cancelled transaction is classed by the reasons of its actions (a failed
 * condition first, then the first reason that is not `None`), through the one classifier.
 */
const classify = (error: unknown): SdkErrorClass => {
  const { name, CancellationReasons: reasons }: CancelledTransaction =
    typeof error === "object" && error !== null ? error : {};
  if (name !== "TransactionCanceledException" || !reasons) return classifySdkError(error);
  const classes = reasons.filter((r) => r.Code && r.Code !== "None").map(classifyStatementError);
  return classes.find((c) => c.kind === "condition-failed") ?? classes[0] ?? classifySdkError(error);
};

/** The SDK error thrown for a failed condition, which `storeCall` passes through for the caller to judge. */
export const isConditionFailure = (error: unknown): boolean => classify(error).kind === "condition-failed";

/** A failed dead-letter store call as a domain error: retryable → 503 with Retry-After, else a 500 without. */
export const deadLetterStoreError = (operation: string, cause: unknown): Error => {
  const fault = classify(cause);
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

const { TransactWriteItemsCommand } = dynamoDbSdk;

/** Attempts of a transaction that DynamoDB cancelled for a conflict (another transaction on the same counter). */
const TRANSACTION_ATTEMPTS = 6;

const isTransactionConflict = (error: unknown): boolean =>
  (error as { name?: unknown } | null)?.name === "TransactionCanceledException" && classify(error).retryable;

const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));

/**
 * One TransactWriteItems through `storeCall`. Records of one queue share a counter item, so concurrent
 * transactions may cancel each other (`TransactionConflict`): such a cancellation is tried again, with jittered
 * backoff, a few times before it becomes the usual retryable 503. A failed condition is rethrown as is.
 */
export const transactWrite = async (
  ctx: DeadLetterTable,
  operation: string,
  items: NonNullable<TransactWriteItemsCommandInput["TransactItems"]>,
): Promise<void> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await ctx.dynamo.send(new TransactWriteItemsCommand({ TransactItems: items }));
      return;
    } catch (cause) {
      if (isConditionFailure(cause)) throw cause;
      if (!isTransactionConflict(cause) || attempt >= TRANSACTION_ATTEMPTS) {
        throw deadLetterStoreError(operation, cause);
      }
      await pause(attempt);
    }
  }
};

/**
 * Runs a payload store call of the dead-letter store: an unavailable store is the dead-letter store's 503
 * (retryable); any other failure is a 500, through the same domain errors.
 */
export const payloadCall = async <T>(operation: string, call: () => Promise<T>): Promise<T> => {
  try {
    return await call();
  } catch (cause) {
    if (cause instanceof PayloadStoreUnavailableError) {
      throw new DeadLetterStoreUnavailableError(`payload ${operation}`, { cause });
    }
    throw cause;
  }
};
