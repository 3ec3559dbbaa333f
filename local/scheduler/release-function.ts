import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { createTimeAdapters, type TimeAdapters } from "../../functions/adapters/scheduled/time-adapters";
import { createDynamoDbScheduleStore } from "../../functions/adapters/schedules/schedule-store";
import { createSqsMessageSender } from "../../functions/adapters/sqs/message-sender";
import type { QueueRegistry } from "../../functions/api/deps";
import type { Logger } from "../../functions/core/logging/logger";
import { createReleaseEntry } from "../../functions/release/create-release-entry";
import type { TimeEnv } from "../../functions/release/time-env";

export interface LocalReleaseInput {
  readonly sqs: SQSClient;
  readonly dynamo: DynamoDBClient;
  readonly queues: QueueRegistry;
  readonly time: TimeEnv;
  readonly logger: Logger;
}

/** The release function: the cloud Lambda's own handler on the local clients (long re-arms via the local Scheduler). */
export const createLocalReleaseFunction = (
  input: LocalReleaseInput,
): { handler: (event: unknown) => Promise<unknown>; adapters: TimeAdapters } => {
  const adapters = createTimeAdapters({
    sqs: input.sqs,
    dynamo: input.dynamo,
    queues: input.queues,
    time: input.time,
  });
  const handler = createReleaseEntry({
    ...adapters,
    store: adapters.releaseStore,
    now: Date.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    logger: input.logger.child({ component: "release" }),
    schedules: createDynamoDbScheduleStore({ dynamo: input.dynamo, table: input.time.scheduledTable }),
    tickSender: createSqsMessageSender(input.sqs),
    queues: input.queues,
  });
  return { handler, adapters };
};

/**
 * At start: every scheduled message of every queue (and any released but not sent when the stack stopped) is
 * armed again on the delay queue — the emulator's queue does not outlive the process, the table does. A message
 * whose time passed while the stack was down is armed with no delay: released now, late, and once.
 */
export const rearmPending = async (
  adapters: TimeAdapters,
  queues: readonly string[],
  logger: Logger,
): Promise<number> => {
  let armed = 0;
  for (const queue of queues) {
    for (const record of await adapters.store.pending(queue)) {
      await adapters.trigger.arm(record, Date.now());
      armed += 1;
    }
  }
  if (armed > 0) logger.info("re-armed scheduled messages", { component: "local-scheduler", count: armed });
  return armed;
};
