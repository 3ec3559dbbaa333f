import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { createDynamoDbFailureWriter } from "../adapters/dead-letters/failure-writer";
import type { IdempotencyTable } from "../adapters/dynamodb/idempotency-items";
import { createDynamoDbIdempotencyStore } from "../adapters/dynamodb/idempotency-store";
import { createSqsDeadLetterSender } from "../adapters/sqs/dead-letter-queue";
import { createSqsVisibilityChanger } from "../adapters/sqs/visibility-changer";
import type { DedupScope, RetryPolicy } from "../core/config/types";
import type { IdempotencyGuard } from "../core/consumer/idempotency-port";
import { effectTableNames } from "../core/consumer/transaction";
import type { ConsumerDeps } from "../core/consumer/types";
import { createIdempotencyGuard, type IdempotencyGuardOptions } from "../core/idempotency/guard";
import type { Logger } from "../core/logging/logger";
import type { ConsumerMetrics } from "../core/metrics/consumer-metrics";
import type { PayloadReader } from "../core/payloads/payload-store";
import { InvalidConsumerDepsError } from "./errors";

export interface ConsumerDepsInput {
  /** The logical queue name (without `.fifo`). */
  readonly queue: string;
  readonly dlqUrl: string;
  /** The queue's own URL; needed when `retry` is on (its records' visibility is changed). */
  readonly queueUrl?: string | undefined;
  /**
   * The client, or how to get it at the first dead-letter send or visibility change (the Lambda edge loads the
   * SDK then: the happy path sends nothing to SQS).
   */
  readonly sqs: SQSClient | (() => Promise<SQSClient>);
  /**
   * Needed when `idempotencyWindowSeconds` is above 0. With the table, it also holds the failure log (the
   * dead letter's `lastError`), whatever the window.
   */
  readonly dynamo?: DynamoDBClient | undefined;
  /** Needed when `idempotencyWindowSeconds` is above 0; always set in the cloud (it holds the failure log). */
  readonly idempotencyTable?: string | undefined;
  /** 0 turns idempotency off. */
  readonly idempotencyWindowSeconds: number;
  /**
   * The queue's deduplication scope; the idempotency key follows it. @default "messageGroup" (the scope of a
   * high-throughput queue, the default)
   */
  readonly dedupScope?: DedupScope | undefined;
  /** The longest a succeeded record waits for its commit. @default 1000 */
  readonly commitIntervalMs?: number | undefined;
  /** Tables `context.transaction` may stage writes on (configured name to DynamoDB name); needs idempotency. @default none */
  readonly effectTables?: readonly string[] | Readonly<Record<string, string>> | undefined;
  /** The queue's retry backoff; `false` or absent: failed records wait the visibility timeout. */
  readonly retry?: RetryPolicy | false | undefined;
  /** Where claim-checked bodies are. @default none (a claim-checked body then fails its record) */
  readonly payloads?: PayloadReader | undefined;
  readonly logger: Logger;
  /** One EMF line per batch (`createConsumerMetrics`). @default no metrics */
  readonly metrics?: ConsumerMetrics | undefined;
  readonly now?: (() => number) | undefined;
  readonly safetyMarginMs?: number | undefined;
}

/** The idempotency protocol (core/idempotency/guard.ts) on the DynamoDB table. */
const createDynamoDbGuard = ({ dynamo, table, ...options }: IdempotencyGuardOptions & IdempotencyTable) =>
  createIdempotencyGuard(createDynamoDbIdempotencyStore({ dynamo, table }), options);

/** The adapters behind the runtime's ports; tests pass their own. */
export interface ConsumerAdapters {
  readonly idempotencyGuard: (options: IdempotencyGuardOptions & IdempotencyTable) => IdempotencyGuard;
  readonly failureWriter: typeof createDynamoDbFailureWriter;
  readonly deadLetterSender: typeof createSqsDeadLetterSender;
  readonly visibilityChanger: typeof createSqsVisibilityChanger;
}

const AWS_ADAPTERS: ConsumerAdapters = {
  idempotencyGuard: createDynamoDbGuard,
  failureWriter: createDynamoDbFailureWriter,
  deadLetterSender: createSqsDeadLetterSender,
  visibilityChanger: createSqsVisibilityChanger,
};

const idempotencyGuard = (
  input: ConsumerDepsInput,
  adapters: ConsumerAdapters,
): ConsumerDeps["idempotency"] => {
  const { dynamo, idempotencyTable: table, idempotencyWindowSeconds: windowSeconds, queue, logger } = input;
  if (windowSeconds <= 0) return undefined;
  if (!dynamo || !table) {
    throw new InvalidConsumerDepsError(
      `queue "${queue}": an idempotency window of ${windowSeconds}s needs a DynamoDB client and a table name`,
    );
  }
  if (Object.values(effectTableNames(input.effectTables)).includes(table)) {
    throw new InvalidConsumerDepsError(`queue "${queue}": effectTables may not hold the idempotency table`);
  }
  return adapters.idempotencyGuard({
    dynamo,
    table,
    queue,
    scope: input.dedupScope ?? "messageGroup",
    windowSeconds,
    logger,
    ...(input.now ? { clock: input.now } : {}),
    ...(input.commitIntervalMs === undefined ? {} : { commitIntervalMs: input.commitIntervalMs }),
  });
};

const retryBackoff = (
  { retry, queueUrl, sqs, queue }: ConsumerDepsInput,
  adapters: ConsumerAdapters,
): ConsumerDeps["retry"] => {
  if (!retry) return undefined;
  if (!queueUrl) throw new InvalidConsumerDepsError(`queue "${queue}": retry backoff needs the queue URL`);
  return { policy: retry, visibility: adapters.visibilityChanger({ sqs, queueUrl }) };
};

/**
 * Wires the adapters behind the runtime's ports; the Lambda edge and the local stack both call it. The
 * failure log is on whenever there is a DynamoDB client and the idempotency table, even with the window at 0.
 */
export const buildConsumerDeps = (
  input: ConsumerDepsInput,
  adapters: ConsumerAdapters = AWS_ADAPTERS,
): ConsumerDeps => ({
  queue: input.queue,
  deadLetters: adapters.deadLetterSender({ sqs: input.sqs, dlqUrl: input.dlqUrl }),
  idempotency: idempotencyGuard(input, adapters),
  failureLog:
    input.dynamo && input.idempotencyTable
      ? adapters.failureWriter({ dynamo: input.dynamo, table: input.idempotencyTable })
      : undefined,
  retry: retryBackoff(input, adapters),
  payloads: input.payloads,
  logger: input.logger,
  metrics: input.metrics,
  effectTables: input.effectTables,
  now: input.now,
  safetyMarginMs: input.safetyMarginMs,
});
