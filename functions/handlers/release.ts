import { createDynamoDbClient } from "../adapters/aws-clients";
import { createTimeAdapters } from "../adapters/scheduled/time-adapters";
import { createDynamoDbScheduleStore } from "../adapters/schedules/schedule-store";
import { createSqsMessageSender } from "../adapters/sqs/message-sender";
import { createSqsClient } from "../adapters/sqs/sqs-client";
import { createJsonLogger } from "../core/logging/logger";
import { logEmitter } from "../core/metrics/emf";
import { createReleaseEntry } from "../release/create-release-entry";
import { parseReleaseEnv } from "../release/env";

const env = parseReleaseEnv(process.env);
const sqs = createSqsClient({ endpoint: env.sqsEndpoint });
const dynamo = createDynamoDbClient({ endpoint: env.dynamoDbEndpoint });

const adapters = createTimeAdapters({ sqs, dynamo, queues: env.queues, time: env.time });

/** Lambda entry: releases from the delay queue and Scheduler's cron ticks (`createReleaseEntry`). */
export const handler = createReleaseEntry({
  ...adapters,
  store: adapters.releaseStore,
  now: Date.now,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  logger: createJsonLogger({ level: env.logLevel, fields: { component: "release" } }),
  metrics: env.stackName
    ? { stack: env.stackName, emit: logEmitter(createJsonLogger({ level: "info" })) }
    : undefined,
  schedules: createDynamoDbScheduleStore({ dynamo, table: env.time.scheduledTable }),
  tickSender: createSqsMessageSender(sqs),
  queues: env.queues,
});
