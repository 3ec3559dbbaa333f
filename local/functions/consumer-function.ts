import { pathToFileURL } from "node:url";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { ResolvedQueueConfig } from "../../functions/core/config";
import { dedupScopeOf } from "../../functions/core/config/types";
import type { ConsumerDefinition } from "../../functions/core/consumer/types";
import type { Logger } from "../../functions/core/logging/logger";
import { createConsumerMetrics } from "../../functions/core/metrics/consumer-metrics";
import { logEmitter } from "../../functions/core/metrics/emf";
import { buildConsumerDeps } from "../../functions/runtime/consumer-deps";
import { type ConsumerHandler, createConsumer } from "../../functions/runtime/create-consumer";
import { ConsumerModuleError } from "../errors";
import type { ProvisionedQueue } from "../provision/sqs";
import { LOCAL_METRICS_STACK } from "./api-function";

export interface ConsumerFunctionInput {
  readonly queue: ResolvedQueueConfig;
  readonly provisioned: ProvisionedQueue;
  readonly sqs: SQSClient;
  readonly dynamo: DynamoDBClient;
  readonly idempotencyTable: string;
  readonly logger: Logger;
}

const isDefinition = (value: unknown): value is ConsumerDefinition<unknown, unknown> =>
  typeof value === "object" && value !== null && typeof (value as { handle?: unknown }).handle === "function";

/** Imports a queue's consumer module and takes the definition its `handler = defineConsumer(...)` carries. */
export const importConsumerDefinition = async (
  queue: ResolvedQueueConfig,
): Promise<ConsumerDefinition<unknown, unknown>> => {
  let module: { handler?: { definition?: unknown } };
  try {
    module = await import(pathToFileURL(queue.handlerPath).href);
  } catch (cause) {
    throw new ConsumerModuleError(queue.name, queue.handlerPath, `could not be imported: ${String(cause)}`, {
      cause,
    });
  }
  const definition = module.handler?.definition;
  if (!isDefinition(definition)) {
    throw new ConsumerModuleError(
      queue.name,
      queue.handlerPath,
      "must `export const handler = defineConsumer({ handle })`",
    );
  }
  return definition;
};

/**
 * The consumer function of one queue: the module's own definition run by the real runtime
 * (`createConsumer`) with the real adapters (`buildConsumerDeps`) on the local clients, as the Lambda runs it.
 */
export const loadConsumerFunction = async (input: ConsumerFunctionInput): Promise<ConsumerHandler> => {
  const definition = await importConsumerDefinition(input.queue);
  const deps = buildConsumerDeps({
    queue: input.queue.name,
    dlqUrl: input.provisioned.dlqUrl,
    queueUrl: input.provisioned.url,
    sqs: input.sqs,
    dynamo: input.dynamo,
    idempotencyTable: input.idempotencyTable,
    idempotencyWindowSeconds: input.queue.idempotencyWindowSeconds,
    dedupScope: dedupScopeOf(input.queue.highThroughput),
    commitIntervalMs: input.queue.commitIntervalMs,
    effectTables: input.queue.effectTables,
    retry: input.queue.retry,
    logger: input.logger,
    metrics: createConsumerMetrics(
      { stack: LOCAL_METRICS_STACK, queue: input.queue.name },
      logEmitter(input.logger),
    ),
  });
  return createConsumer(definition, deps);
};
