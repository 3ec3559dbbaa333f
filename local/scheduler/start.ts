import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { QueueRegistry } from "../../functions/api/deps";
import type { ResolvedQueueConfig } from "../../functions/core/config";
import type { ResolvedScheduleConfig } from "../../functions/core/config/schedules";
import type { TimeApiEnvironmentInput } from "../../functions/core/env/function-environments";
import type { Logger } from "../../functions/core/logging/logger";
import type { TimeEnv } from "../../functions/release/time-env";
import type { Cleanup } from "../cleanup";
import { regionOfArn, startEventSourceMapping } from "../poller/event-source-mapping";
import { inProcessFunction } from "../poller/local-function";
import { createPollClient } from "../poller/poll-client";
import type { ProvisionedQueue } from "../provision/sqs";
import type { SchedulerClock } from "./emulator/clock";
import { startLocalScheduler } from "./local-scheduler";
import { DELAY_QUEUE_VISIBILITY_SECONDS, provisionDelayQueue, provisionScheduledTable } from "./provision";
import { createLocalReleaseFunction, rearmPending } from "./release-function";

export const DEFAULT_SCHEDULED_TABLE = "fifoq-scheduled";

/** The queue registry the release function and the schedule timers send by (the API's, from the provisioned queues). */
export const localQueueRegistry = (
  queues: readonly { readonly config: ResolvedQueueConfig; readonly provisioned: ProvisionedQueue }[],
): QueueRegistry =>
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

export interface LocalTimeInput {
  readonly sqs: SQSClient;
  readonly dynamo: DynamoDBClient;
  readonly sqsEndpoint: string;
  readonly queues: QueueRegistry;
  readonly scheduledTable: string;
  readonly logger: Logger;
  readonly cleanup: Cleanup;
  readonly stopGraceMs: number;
  /** Run the release function (off: messages are scheduled but not released). @default true */
  readonly release?: boolean;
  /** The configuration's recurring schedules (created in the local Scheduler). @default none */
  readonly schedules?: readonly ResolvedScheduleConfig[];
  /** Each queue's idempotency window (0: off), by name, for the schedules' retry policy. @default none */
  readonly idempotencyWindows?: Readonly<Record<string, number>>;
  /** Where the local Scheduler keeps its schedules across restarts. @default in memory */
  readonly schedulerStateFile?: string | undefined;
  /** The local Scheduler's clock (tests). @default the process's */
  readonly schedulerClock?: SchedulerClock | undefined;
}

/** Release concurrency of the local mapping (pollers on the delay queue; the local cap, `LOCAL_MAX_POLLERS`): each
 * invocation waits out its records' last fraction of a second, so a poller takes ~10 releases a second. */
const RELEASE_POLLERS = 25;

/**
 * Delayed messages in the local stack: the scheduled-message table and the delay queue, EventBridge Scheduler's
 * emulator (long delays wait in its `at()` schedules, the configured cron schedules tick there), the release
 * function behind an event source mapping on the delay queue (SQS's per-message delay is the timer: no table
 * is polled), and the re-arm of what was scheduled before a restart. Returns what the API function needs.
 */
export const startLocalTime = async (input: LocalTimeInput): Promise<TimeApiEnvironmentInput> => {
  const [, delayQueue] = await Promise.all([
    provisionScheduledTable(input.dynamo, input.scheduledTable),
    provisionDelayQueue(input.sqs),
  ]);
  let releaseFunction: ReturnType<typeof createLocalReleaseFunction>["handler"] | undefined;
  const scheduler = await startLocalScheduler({
    ...input,
    releaseFunction: () => releaseFunction,
    delayQueueArn: delayQueue.arn,
    stateFile: input.schedulerStateFile,
    schedules: input.schedules ?? [],
    release: input.release !== false,
    clock: input.schedulerClock,
  });
  const apiTime: TimeApiEnvironmentInput = {
    scheduledTable: input.scheduledTable,
    delayQueueUrl: delayQueue.url,
    delayQueueArn: delayQueue.arn,
    schedulerGroup: scheduler.groupName,
    schedulerRoleArn: scheduler.roleArn,
    tickTargetArn: scheduler.releaseFunctionArn,
    tickDeadLetterArn: scheduler.tickDeadLetterArn,
    schedulerEndpoint: scheduler.endpoint,
  };
  if (input.release === false) return apiTime;
  const time: TimeEnv = {
    scheduledTable: input.scheduledTable,
    delayQueueUrl: delayQueue.url,
    scheduler: { ...scheduler, delayQueueArn: delayQueue.arn },
  };
  const { handler, adapters } = createLocalReleaseFunction({ ...input, time });
  releaseFunction = handler;
  const pollClient = createPollClient(input.sqsEndpoint);
  input.cleanup.add("poll client fifoq-release", () => pollClient.destroy());
  const mapping = startEventSourceMapping({
    sqs: pollClient,
    queueUrl: delayQueue.url,
    queueArn: delayQueue.arn,
    fn: inProcessFunction(
      {
        functionName: "fifoq-release",
        timeoutMs: (DELAY_QUEUE_VISIBILITY_SECONDS / 6) * 1000,
        memorySizeMb: 256,
        region: regionOfArn(delayQueue.arn),
      },
      handler,
    ),
    batchSize: 10,
    maxConcurrency: RELEASE_POLLERS,
    logger: input.logger.child({ component: "local-event-source-mapping", functionName: "fifoq-release" }),
  });
  input.cleanup.add("event source mapping fifoq-release", () => mapping.stop(input.stopGraceMs));
  await rearmPending(adapters, Object.keys(input.queues), input.logger);
  return apiTime;
};
