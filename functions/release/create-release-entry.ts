import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import type { QueueTargets } from "../core/producer/queues";
import type { MessageSender } from "../core/producer/types";
import { parseTickEvent } from "../core/schedules/eventbridge-cron";
import { runTick } from "../core/schedules/tick-decision";
import type { ScheduleStore } from "../core/schedules/types";
import { createReleaseHandler, type ReleaseHandlerDeps } from "./create-release-handler";

export interface ReleaseEntryDeps extends ReleaseHandlerDeps {
  /** The schedule records a tick reads first (paused or deleted: nothing is published). */
  readonly schedules: ScheduleStore;
  /** Where ticks publish: the configured queues, through the producer's sender. */
  readonly tickSender: MessageSender;
  readonly queues: QueueTargets;
}

/**
 * The release function's whole entry, for Lambda and the local stack alike: SQS events from the delay queue
 * (releases, ReportBatchItemFailures) and EventBridge Scheduler's cron ticks (`{ fifoqTick }`), each of which
 * reads its schedule's record first; a tick that throws is retried by Scheduler, then dead-lettered.
 */
export const createReleaseEntry = (deps: ReleaseEntryDeps) => {
  const release = createReleaseHandler(deps);
  return async (event: SQSEvent | unknown): Promise<SQSBatchResponse | undefined> => {
    const tick = parseTickEvent(event);
    if (!tick) return release(event as SQSEvent);
    await runTick(tick, {
      store: deps.schedules,
      sender: deps.tickSender,
      queues: deps.queues,
      logger: deps.logger,
    });
    return undefined;
  };
};
