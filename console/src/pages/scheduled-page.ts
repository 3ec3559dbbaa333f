import type { ScheduledMessage } from "../../../client/src/index.js";
import { byId, fill, when } from "../dom";
import { routeHash } from "../route";
import { client, state } from "../state";
import { confirmThen, toggleSection } from "../ui";
import { renderQueues } from "../views/queues-view";
import { renderScheduled, renderScheduledMore } from "../views/scheduled-view";
import { guarded, listedAfter, pageRequest } from "./dead-letter-page";

export const renderScheduledList = (): void => {
  renderScheduled(state.scheduled, state.access);
  renderScheduledMore(state.scheduledCursor, state.access);
};

/** The first page (or, on a refresh, as many as are listed), or the next page when `append`. */
export const loadScheduled = async (append: boolean): Promise<void> => {
  const queue = state.scheduledQueue;
  if (!queue) return;
  const request = pageRequest(append, state.scheduled.length, state.scheduledCursor);
  const page = await guarded(() => client().listScheduled(queue, request));
  if (state.scheduledQueue !== queue) return; // another view was opened meanwhile
  state.scheduled = listedAfter(state.scheduled, page, append);
  state.scheduledCursor = page?.nextCursor;
  renderScheduledList();
};

/** Shows a queue's scheduled messages in place of its dead letters and record. */
export const openScheduled = async (queue: string): Promise<void> => {
  if (state.scheduledQueue !== queue) {
    state.scheduled = [];
    state.scheduledCursor = undefined;
  }
  state.scheduledQueue = queue;
  fill(byId("sched-title"), `Scheduled messages · ${queue}`);
  byId<HTMLAnchorElement>("sched-dl-link").href = routeHash({ kind: "queue", queue });
  toggleSection("dead-letters", false);
  toggleSection("record", false);
  toggleSection("scheduled", true);
  renderQueues(state.queues, queue);
  await loadScheduled(false);
};

/** Back to the dead-letter view: hides the scheduled messages. */
export const closeScheduled = (): void => {
  state.scheduledQueue = undefined;
  toggleSection("scheduled", false);
};

/** Cancels one delayed message after a confirmation; true when it was cancelled. */
export const cancelOne = (message: ScheduledMessage): Promise<boolean> =>
  confirmThen(
    {
      title: "Cancel this scheduled message?",
      message: `Cancel scheduled message ${message.id} of ${message.queue} (group ${message.groupId}, due ${when(message.releaseAt)})? It will not be released.`,
      ok: "Yes, cancel it",
      tone: "danger",
    },
    async () => {
      await client().cancelScheduled(message.queue, message.id);
      return `Cancelled ${message.id}.`;
    },
  );
