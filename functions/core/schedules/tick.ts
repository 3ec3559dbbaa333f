import type { ResolvedScheduleConfig } from "../config/schedules";
import { messageSize } from "../producer/message-size";
import { findQueueTarget, type QueueTargets } from "../producer/queues";
import type { MessageSender, SentMessage } from "../producer/types";
import { tickDedupId } from "./next-fire";

/**
 * Publishes the one message of a schedule's tick: its dedupId is fifoq's own and names the schedule and the
 * tick, so a retried or repeated tick enqueues nothing new (SQS within 5 minutes, the consumer's idempotency
 * record beyond) and no producer can collide with it (`fifoq-` is refused on publish).
 */
export const publishTick = (
  schedule: Pick<ResolvedScheduleConfig, "name" | "queue" | "groupId" | "body" | "attributes">,
  tick: number,
  deps: { readonly sender: MessageSender; readonly queues: QueueTargets },
): Promise<SentMessage> => {
  const queue = findQueueTarget(deps.queues, schedule.queue);
  return deps.sender.send(queue.url, {
    body: schedule.body,
    groupId: schedule.groupId,
    dedupId: tickDedupId(schedule.name, tick),
    attributes: schedule.attributes,
    sizeBytes: messageSize(schedule.body, schedule.attributes),
  });
};
