import type { ScheduledMessage as ScheduledMessageView } from "../../../contract";
import { countFittingPage } from "../http/page-bytes";
import { encodeScheduledCursor } from "./cursor";
import type { ScheduledMessage, ScheduledPage } from "./types";

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

/**
 * `GET /queues/{queue}/scheduled`: the page's views, cut where they would pass `MAX_PAGE_BYTES` in Lambda's
 * response (always at least one), with the cursor after the last one kept; else the store's own cursor.
 */
export const scheduledPageView = (queue: string, page: ScheduledPage) => {
  const views = page.items.map(scheduledView);
  const kept = countFittingPage(views);
  const last = page.items[kept - 1];
  const nextCursor = kept < views.length && last ? encodeScheduledCursor(queue, last.id) : page.nextCursor;
  return { items: views.slice(0, kept), ...(nextCursor ? { nextCursor } : {}) };
};
