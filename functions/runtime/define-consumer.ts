/**
 * How a user's consumer module becomes a Lambda handler: `defineConsumer` (public, from `functions/runtime`)
 * and the edge that reads the environment once (`consumerFromEnv`).
 */
import { createDynamoDbClient, lazySqsClient } from "../adapters/aws-clients";
import { s3PayloadReaderOf } from "../adapters/s3/payload-store";
import type { ConsumerDefinition } from "../core/consumer/types";
import type { Env } from "../core/env/read-env";
import { createJsonLogger } from "../core/logging/logger";
import { createConsumerMetrics } from "../core/metrics/consumer-metrics";
import { logEmitter } from "../core/metrics/emf";
import { buildConsumerDeps } from "./consumer-deps";
import { type ConsumerHandler, createConsumer } from "./create-consumer";
import { readConsumerEnv } from "./env";

/** A Lambda handler that also exposes its definition, so the local stack can run it with its own deps. */
export type LambdaConsumer<TBody, TResult> = ConsumerHandler & {
  readonly definition: ConsumerDefinition<TBody, TResult>;
};

/**
 * The consumer's Lambda edge: environment read once and checked, clients and adapters built from it. The SQS
 * SDK is loaded only when a message is dead-lettered.
 */
export const consumerFromEnv = <TBody, TResult>(
  definition: ConsumerDefinition<TBody, TResult>,
  env: Env,
): ConsumerHandler => {
  const settings = readConsumerEnv(env);
  const logger = createJsonLogger({ level: settings.logLevel, fields: { queue: settings.queue } });
  const deps = buildConsumerDeps({
    queue: settings.queue,
    dlqUrl: settings.dlqUrl,
    queueUrl: settings.queueUrl,
    sqs: lazySqsClient({ endpoint: settings.sqsEndpoint }),
    // The table holds the failure log even when idempotency is off.
    dynamo: settings.idempotencyTable
      ? createDynamoDbClient({ endpoint: settings.dynamoDbEndpoint })
      : undefined,
    idempotencyTable: settings.idempotencyTable,
    idempotencyWindowSeconds: settings.idempotencyWindowSeconds,
    dedupScope: settings.dedupScope,
    commitIntervalMs: settings.commitIntervalMs,
    effectTables: settings.effectTables,
    retry: settings.retry,
    payloads: s3PayloadReaderOf(settings),
    logger,
    // Metrics are lines of their own logger at info, whatever FIFOQ_LOG_LEVEL says.
    metrics: settings.stackName
      ? createConsumerMetrics(
          { stack: settings.stackName, queue: settings.queue },
          logEmitter(createJsonLogger({ level: "info" })),
        )
      : undefined,
  });
  return createConsumer(definition, deps);
};

/**
 * Declares a consumer module: `export const handler = defineConsumer({ parse, handle, onSuccess, onFailure })`.
 * Importing it reads nothing; the first invocation reads the environment (failing with every problem named)
 * and builds the clients, which later invocations reuse.
 */
export const defineConsumer = <TBody = unknown, TResult = unknown>(
  definition: ConsumerDefinition<TBody, TResult>,
): LambdaConsumer<TBody, TResult> => {
  let consumer: ConsumerHandler | undefined;
  const handler: ConsumerHandler = async (event, context) => {
    consumer ??= consumerFromEnv(definition, process.env);
    return consumer(event, context);
  };
  return Object.freeze(Object.assign(handler, { definition: Object.freeze({ ...definition }) }));
};
