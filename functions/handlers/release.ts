import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { createDynamoDbClient } from "../adapters/aws-clients";
import { createTimeAdapters } from "../adapters/scheduled/time-adapters";
import { createSqsMessageSender } from "../adapters/sqs/message-sender";
import { createSqsClient } from "../adapters/sqs/sqs-client";
import { createJsonLogger } from "../core/logging/logger";
import { logEmitter } from "../core/metrics/emf";
import { parseTickEvent } from "../core/schedules/eventbridge-cron";
import { publishTick } from "../core/schedules/tick";
import { createReleaseHandler } from "../release/create-release-handler";
import { parseReleaseEnv } from "../release/env";

const env = parseReleaseEnv(process.env);
const sqs = createSqsClient({ endpoint: env.sqsEndpoint });
const logger = createJsonLogger({ level: env.logLevel, fields: { component: "release" } });
const adapters = createTimeAdapters({
  sqs,
  dynamo: createDynamoDbClient({ endpoint: env.dynamoDbEndpoint }),
  queues: env.queues,
  time: env.time,
});

const release = createReleaseHandler({
  ...adapters,
  store: adapters.releaseStore,
  now: Date.now,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  logger,
  metrics: env.stackName
    ? { stack: env.stackName, emit: logEmitter(createJsonLogger({ level: "info" })) }
    : undefined,
});

/**
 * Lambda entry: SQS events from the delay queue (releases, ReportBatchItemFailures), and EventBridge
 * Scheduler's cron ticks (`{ fifoqTick }`); a tick that throws is retried by Scheduler, then dead-lettered.
 */
export const handler = async (event: SQSEvent | unknown): Promise<SQSBatchResponse | undefined> => {
  const tick = parseTickEvent(event);
  if (tick) {
    const sent = await publishTick(tick, tick.tick, {
      sender: createSqsMessageSender(sqs),
      queues: env.queues,
    });
    logger.info("tick", {
      outcome: "published",
      schedule: tick.name,
      tick: tick.scheduledTime,
      messageId: sent.messageId,
    });
    return undefined;
  }
  return release(event as SQSEvent);
};
