import { createDynamoDbClient } from "../adapters/aws-clients";
import { s3PayloadStoreOf } from "../adapters/s3/payload-store";
import { createSchedulerClient, createSchedulerPort } from "../adapters/schedules/scheduler-port";
import { createSqsClient } from "../adapters/sqs/sqs-client";
import { createApiHandler } from "../api/create-api-handler";
import { parseApiEnv } from "../api/env";
import { ENV } from "../core/env-names";
import { createJsonLogger } from "../core/logging/logger";
import { createApiMetrics } from "../core/metrics/api-metrics";
import { logEmitter } from "../core/metrics/emf";

/**
 * The API Lambda's edge: the environment is read and checked once, at cold start (a bad value fails fast).
 * The CDK stack bundles the queue list into this code (esbuild replaces `process.env.FIFOQ_QUEUES` with it),
 * so the list is not bound by Lambda's 4 KB environment; run unbundled, it is read from the environment. The
 * configuration's schedules come the same way. One Scheduler client serves long delays and cron schedules.
 */
const env = parseApiEnv({
  ...process.env,
  [ENV.queues]: process.env.FIFOQ_QUEUES,
  [ENV.schedules]: process.env.FIFOQ_SCHEDULES,
});
const { tickTarget } = env.schedules;
const scheduler = env.time?.scheduler ? createSchedulerClient(env.time.scheduler.endpoint) : undefined;

export const handler = createApiHandler({
  sqs: createSqsClient({ endpoint: env.sqsEndpoint }),
  dynamo: createDynamoDbClient({ endpoint: env.dynamoDbEndpoint }),
  queues: env.queues,
  deadLetterTable: env.deadLetterTable,
  idempotencyTable: env.idempotencyTable,
  payloads: s3PayloadStoreOf(env),
  logger: createJsonLogger({ level: env.logLevel }),
  operatorKeyId: env.operatorKeyId,
  auth: env.auth,
  time: env.time,
  scheduler,
  schedules: {
    declared: env.schedules.declared,
    port:
      scheduler && tickTarget ? createSchedulerPort({ client: scheduler, target: tickTarget }) : undefined,
  },
  // Metrics are lines of their own logger at info, whatever FIFOQ_LOG_LEVEL says.
  ...(env.stackName
    ? { metrics: createApiMetrics(env.stackName, logEmitter(createJsonLogger({ level: "info" }))) }
    : {}),
});
