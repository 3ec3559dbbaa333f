import { randomUUID } from "node:crypto";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { runBatch } from "../core/consumer/run-batch";
import type { ConsumerDefinition, ConsumerDeps } from "../core/consumer/types";

/** The Lambda-shaped entry point of a consumer (ReportBatchItemFailures response). */
export type ConsumerHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** Unique per invocation: a retried invocation keeps its request id, so a random suffix is added. */
const batchIdOf = (context: Context): string => `${context.awsRequestId}:${randomUUID().slice(0, 8)}`;

/**
 * THE consumer runtime: the same code runs in Lambda (through `defineConsumer`), in the local stack and in
 * tests; only `deps` differ.
 */
export const createConsumer = <TBody, TResult>(
  definition: ConsumerDefinition<TBody, TResult>,
  deps: ConsumerDeps,
): ConsumerHandler => {
  return (event, context) =>
    runBatch(definition, deps, {
      records: event.Records,
      batchId: batchIdOf(context),
      budgetMs: context.getRemainingTimeInMillis(),
    });
};
