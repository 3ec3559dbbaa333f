import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { createDynamoDbFailureWriter } from "../adapters/dead-letters/failure-writer";
import { createDynamoDbIdempotencyGuard } from "../adapters/dynamodb/idempotency-guard";
import { createSqsDeadLetterSender } from "../adapters/sqs/dead-letter-queue";
import type { ConsumerDeps } from "../core/consumer/types";
import type { Logger } from "../core/logging/logger";
import type { ConsumerMetrics } from "../core/metrics/consumer-metrics";
import { InvalidConsumerDepsError } from "./errors";

export interface ConsumerDepsInput {
  /** The logical queue name (without `.fifo`). */
  readonly queue: string;
  readonly dlqUrl: string;
  readonly sqs: SQSClient;
  /**
   * Needed when `idempotencyWindowSeconds` is above 0. With the table, it also holds the failure log (the
   * dead letter's `lastError`), whatever the window.
   */
  readonly dynamo?: DynamoDBClient | undefined;
  /** Needed when `idempotencyWindowSeconds` is above 0; always set in the cloud (it holds the failure log). */
  readonly idempotencyTable?: string | undefined;
  /** 0 turns idempotency off. */
  readonly idempotencyWindowSeconds: number;
  readonly logger: Logger;
  /** One EMF line per batch (`createConsumerMetrics`). @default no metrics */
  readonly metrics?: ConsumerMetrics | undefined;
  readonly now?: (() => number) | undefined;
  readonly safetyMarginMs?: number | undefined;
}

const idempotencyGuard = (input: ConsumerDepsInput): ConsumerDeps["idempotency"] => {
  const { dynamo, idempotencyTable: table, idempotencyWindowSeconds: windowSeconds, queue, logger } = input;
  if (windowSeconds <= 0) return undefined;
  if (!dynamo || !table) {
    throw new InvalidConsumerDepsError(
      `queue "${queue}": an idempotency window of ${windowSeconds}s needs a DynamoDB client and a table name`,
    );
  }
  const clock = input.now ? { clock: input.now } : {};
  return createDynamoDbIdempotencyGuard({ dynamo, table, queue, windowSeconds, logger, ...clock });
};

/**
 * Wires the adapters behind the runtime's ports; the Lambda edge and the local stack both call it. The
 * failure log is on whenever there is a DynamoDB client and the idempotency table, even with the window at 0.
 */
export const buildConsumerDeps = (input: ConsumerDepsInput): ConsumerDeps => ({
  queue: input.queue,
  deadLetters: createSqsDeadLetterSender({ sqs: input.sqs, dlqUrl: input.dlqUrl }),
  idempotency: idempotencyGuard(input),
  failureLog:
    input.dynamo && input.idempotencyTable
      ? createDynamoDbFailureWriter({ dynamo: input.dynamo, table: input.idempotencyTable })
      : undefined,
  logger: input.logger,
  metrics: input.metrics,
  now: input.now,
  safetyMarginMs: input.safetyMarginMs,
});
