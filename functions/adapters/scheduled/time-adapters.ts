import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SchedulerClient } from "@aws-sdk/client-scheduler";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { QueueTargets } from "../../core/producer/queues";
import { createReleaseSender } from "../../core/scheduled/release-sender";
import type { ReleaseSender, ReleaseStore, ReleaseTrigger, ScheduledStore } from "../../core/scheduled/types";
import type { TimeEnv } from "../../release/time-env";
import { createSchedulerClient } from "../schedules/scheduler-port";
import { createSqsMessageSender } from "../sqs/message-sender";
import { createReleaseTrigger } from "./release-trigger";
import { createDynamoDbReleaseStore, createDynamoDbScheduledStore } from "./scheduled-store";

export interface TimeAdapters {
  readonly store: ScheduledStore;
  /** The release path's store calls (batched). */
  readonly releaseStore: ReleaseStore;
  readonly trigger: ReleaseTrigger;
  readonly sender: ReleaseSender;
}

/** The store, the trigger and the sender of delayed messages, on DynamoDB, SQS and EventBridge Scheduler. */
export const createTimeAdapters = (options: {
  readonly sqs: SQSClient;
  readonly dynamo: DynamoDBClient;
  readonly queues: QueueTargets;
  readonly time: TimeEnv;
  /** @default a client of `time.scheduler.endpoint` */
  readonly scheduler?: SchedulerClient | undefined;
}): TimeAdapters => {
  const { scheduler } = options.time;
  const table = { dynamo: options.dynamo, table: options.time.scheduledTable };
  return {
    store: createDynamoDbScheduledStore(table),
    releaseStore: createDynamoDbReleaseStore(table),
    trigger: createReleaseTrigger({
      sqs: options.sqs,
      delayQueueUrl: options.time.delayQueueUrl,
      scheduler: scheduler
        ? { ...scheduler, client: options.scheduler ?? createSchedulerClient(scheduler.endpoint) }
        : undefined,
    }),
    sender: createReleaseSender(createSqsMessageSender(options.sqs), options.queues),
  };
};
