import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { createDynamoDbClient } from "../adapters/aws-clients";
import { createTimeAdapters } from "../adapters/scheduled/time-adapters";
import { createSqsClient } from "../adapters/sqs/sqs-client";
import { createJsonLogger } from "../core/logging/logger";
import { logEmitter } from "../core/metrics/emf";
import { createReleaseHandler } from "../release/create-release-handler";
import { parseReleaseEnv } from "../release/env";

const env = parseReleaseEnv(process.env);
const sqs = createSqsClient({ endpoint: env.sqsEndpoint });
const adapters = createTimeAdapters({
  sqs,
  dynamo: createDynamoDbClient({ endpoint: env.dynamoDbEndpoint }),
  queues: env.queues,
  time: env.time,
});

const release = createReleaseHandler({
  ...adapters,
  now: Date.now,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  logger: createJsonLogger({ level: env.logLevel, fields: { component: "release" } }),
  metrics: env.stackName
    ? { stack: env.stackName, emit: logEmitter(createJsonLogger({ level: "info" })) }
    : undefined,
});

/** Lambda entry (SQS event source on the delay queue, ReportBatchItemFailures). */
export const handler = (event: SQSEvent): Promise<SQSBatchResponse> => release(event);
