import type { ScheduledMessage as ScheduledMessageView } from "../../../contract";
import type { ScheduledMessage } from "./types";

const iso = (ms: number) => new Date(ms).toISOString();

/** The public view of a record (`GET …/scheduled[/{id}]`). */
export const scheduledView = (record: ScheduledMessage): ScheduledMessageView => ({
  id: record.id,
  queue: record.queue,
  groupId: record.groupId,
  dedupId: record.dedupId,
  state: record.state,
  releaseAt: new Date(record.releaseAt).toISOString(),
  publishedAt: new Date(record.publishedAt).toISOString(),
  ...(record.releasedAt !== undefined ? { releasedAt: iso(record.releasedAt) } : {}),
  ...(record.cancelledAt !== undefined ? { cancelledAt: iso(record.cancelledAt) } : {}),
  ...(record.messageId !== undefined ? { messageId: record.messageId } : {}),
  body: JSON.parse(record.body) as unknown,
  attributes: record.attributes,
});
