import type { ResolvedQueueConfig } from "../../functions/core/config";
import { effectTablesVariable } from "../../functions/core/config/effect-tables";
import { dedupScopeOf } from "../../functions/core/config/types";
import { ENV } from "../../functions/core/env-names";
import type { LogLevel } from "../../functions/core/logging/logger";
import type { FunctionSettings } from "../poller/lambda-context";
import type { ProvisionedQueue } from "../provision/sqs";
import { LOCAL_METRICS_STACK } from "./api-function";

export interface ConsumerEnvInput {
  readonly queue: ResolvedQueueConfig;
  readonly provisioned: ProvisionedQueue;
  readonly idempotencyTable: string;
  readonly sqsEndpoint: string;
  readonly dynamoDbEndpoint: string;
  readonly logLevel: LogLevel;
  readonly fn: FunctionSettings;
}

/**
 * The environment a queue's consumer Lambda gets from the CDK stack (`FifoQueueConsumer`), with the local
 * endpoints and the variables Lambda itself sets. The worker running the consumer module sees exactly these
 * (over the variables the local stack was given), and the module's own edge reads them.
 */
export const consumerEnvironment = (input: ConsumerEnvInput): Record<string, string> => ({
  [ENV.queueName]: input.queue.name,
  [ENV.queueUrl]: input.provisioned.url,
  [ENV.dlqUrl]: input.provisioned.dlqUrl,
  [ENV.idempotencyTable]: input.idempotencyTable,
  [ENV.idempotencyWindowSeconds]: String(input.queue.idempotencyWindowSeconds),
  [ENV.dedupScope]: dedupScopeOf(input.queue.highThroughput),
  [ENV.commitIntervalMs]: String(input.queue.commitIntervalMs),
  ...(input.queue.effectTables.length > 0
    ? { [ENV.effectTables]: effectTablesVariable(input.queue.effectTables, undefined) }
    : {}),
  ...(input.queue.retry
    ? {
        [ENV.retryMinSeconds]: String(input.queue.retry.minSeconds),
        [ENV.retryMaxSeconds]: String(input.queue.retry.maxSeconds),
      }
    : {}),
  // The local stack writes the same EMF metric lines as the cloud, under the stack name "local".
  [ENV.stackName]: LOCAL_METRICS_STACK,
  [ENV.logLevel]: input.logLevel,
  [ENV.sqsEndpoint]: input.sqsEndpoint,
  [ENV.dynamoDbEndpoint]: input.dynamoDbEndpoint,
  AWS_REGION: input.fn.region,
  AWS_LAMBDA_FUNCTION_NAME: input.fn.functionName,
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(input.fn.memorySizeMb),
});
