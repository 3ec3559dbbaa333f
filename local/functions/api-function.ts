import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { createApiHandler } from "../../functions/api/create-api-handler";
import type { QueueRegistry } from "../../functions/api/deps";
import type { ResolvedQueueConfig } from "../../functions/core/config";
import type { Logger } from "../../functions/core/logging/logger";
import { createApiMetrics } from "../../functions/core/metrics/api-metrics";
import { logEmitter } from "../../functions/core/metrics/emf";
import type { TimeEnv } from "../../functions/release/env";
import type { ProxyHandler } from "../gateway/server";
import type { ProvisionedQueue } from "../provision/sqs";

export interface LocalQueue {
  readonly config: ResolvedQueueConfig;
  readonly provisioned: ProvisionedQueue;
}

/** The `stack` dimension of the local stack's metrics (its EMF lines go to its own log). */
export const LOCAL_METRICS_STACK = "local";

export interface ApiFunctionInput {
  readonly queues: readonly LocalQueue[];
  readonly sqs: SQSClient;
  readonly dynamo: DynamoDBClient;
  readonly deadLetterTable: string;
  readonly logger: Logger;
  /** The id the local gateway gives the operator key (the cloud passes FIFOQ_OPERATOR_KEY_ID). */
  readonly operatorKeyId: string;
  /** Delayed messages (the local scheduler's table and delay queue). */
  readonly time?: TimeEnv | undefined;
}

/** The registry the API Lambda builds from its bundled queue list; locally, from the provisioned queues. */
export const queueRegistry = (queues: readonly LocalQueue[]): QueueRegistry =>
  Object.fromEntries(
    queues.map(({ config, provisioned }) => [
      config.name,
      {
        url: provisioned.url,
        dlqUrl: provisioned.dlqUrl,
        contentBasedDeduplication: config.contentBasedDeduplication,
      },
    ]),
  );

/** The API function: the cloud Lambda's own `createApiHandler`, given the local clients and queues. */
export const createApiFunction = (input: ApiFunctionInput): ProxyHandler =>
  createApiHandler({
    sqs: input.sqs,
    dynamo: input.dynamo,
    queues: queueRegistry(input.queues),
    deadLetterTable: input.deadLetterTable,
    logger: input.logger,
    operatorKeyId: input.operatorKeyId,
    time: input.time,
    metrics: createApiMetrics(LOCAL_METRICS_STACK, logEmitter(input.logger)),
  });
