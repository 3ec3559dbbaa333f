import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { createDynamoDbClient } from "../adapters/aws-clients";
import { createTimeAdapters } from "../adapters/scheduled/time-adapters";
import { createDynamoDbScheduleStore } from "../adapters/schedules/schedule-store";
import { createSqsMessageSender } from "../adapters/sqs/message-sender";
import { createSqsClient } from "../adapters/sqs/sqs-client";
import { createJsonLogger } from "../core/logging/logger";
import { logEmitter } from "../core/metrics/emf";
import { parseTickEvent } from "../core/schedules/eventbridge-cron";
import { runTick } from "../core/schedules/tick-decision";
import { createReleaseHandler } from "../release/create-release-handler";
import { parseReleaseEnv } from "../release/env";

const env = parseReleaseEnv(process.env);
const sqs = createSqsClient({ endpoint: env.sqsEndpoint });
const logger = createJsonLogger({ level: env.logLevel, fields: { component: "release" } });
const dynamo = createDynamoDbClient({ endpoint: env.dynamoDbEndpoint });
const adapters = createTimeAdapters({
  sqs,
  dynamo,
  queues: env.queues,
  time: env.time,
});

const release = createReleaseHandler({
  ...adapters,
  now: Date.now,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  logger,
  metrics: env.stackName
    ? { stack: env.stackName, emit: logEmitter(createJsonLogger({ level: "info" })) }
    : undefined,
});

/**
 * Lambda entry: SQS events from the delay queue (releases, ReportBatchItemFailures), and EventBridge
 * Scheduler's cron ticks (`{ fifoqTick }`): each reads its schedule's record first (paused or deleted: nothing
 * is published); a tick that throws is retried by Scheduler, then dead-lettered.
 */
export const handler = async (event: SQSEvent | unknown): Promise<SQSBatchResponse | undefined> => {
  const tick = parseTickEvent(event);
  if (tick) {
    await runTick(tick, {
      store: createDynamoDbScheduleStore({ dynamo, table: env.time.scheduledTable }),
      sender: createSqsMessageSender(sqs),
      queues: env.queues,
      logger,
    });
    return undefined;
  }
  return release(event as SQSEvent);
};
