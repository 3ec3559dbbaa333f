import { messageSize } from "../producer/message-size";
import { findQueueTarget, type QueueTargets } from "../producer/queues";
import type { MessageSender } from "../producer/types";
import type { ReleaseSender } from "./types";

/** Sends a released message onto its configured FIFO queue, in its group, with its dedupId. */
export const createReleaseSender = (sender: MessageSender, queues: QueueTargets): ReleaseSender => ({
  async send(record) {
    const queue = findQueueTarget(queues, record.queue);
    const message = {
      body: record.body,
      groupId: record.groupId,
      dedupId: record.dedupId,
      attributes: record.attributes,
      sizeBytes: messageSize(record.body, record.attributes),
    };
    const sent = await sender.send(queue.url, message);
    return { messageId: sent.messageId };
  },
});
