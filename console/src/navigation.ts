import { NotFoundError } from "../../client/src/index.js";
import { byId } from "./dom";
import { closeRecord, openQueue, openRecord, revealRecord } from "./pages/dead-letter-page";
import { closeScheduled, openScheduled } from "./pages/scheduled-page";
import { closeSchedules, openSchedules } from "./pages/schedules-page";
import { type Route, routeHash } from "./route";
import { state } from "./state";
import { toggleSection } from "./ui";
import { renderQueues } from "./views/queues-view";

/**
 * Shows what a route names. `home` becomes the first queue (the address bar is rewritten, not pushed, so
 * back still leaves the console); a record is opened in its queue and, when `reveal`, scrolled into view; a
 * queue's scheduled messages (or the schedules) replace its dead letters until another route is shown.
 */
export const showRoute = async (route: Route, options: { readonly reveal: boolean }): Promise<void> => {
  if (route.kind === "home") {
    const first = state.queue ?? state.queues[0]?.name;
    if (!first) return;
    const queueRoute: Route = { kind: "queue", queue: first };
    history.replaceState(history.state, "", routeHash(queueRoute));
    return showRoute(queueRoute, options);
  }
  if (route.kind === "schedules") {
    closeScheduled();
    return openSchedules();
  }
  if (state.schedulesOpen) closeSchedules();
  if (route.kind === "scheduled") return openScheduled(route.queue);
  if (state.scheduledQueue !== undefined) closeScheduled();
  if (byId("dead-letters").hidden && state.queue !== undefined) {
    toggleSection("dead-letters", true);
    renderQueues(state.queues, state.queue);
  }
  if (state.queue !== route.queue) await openQueue(route.queue);
  byId<HTMLAnchorElement>("dl-scheduled-link").href = routeHash({ kind: "scheduled", queue: route.queue });
  if (route.kind === "queue") {
    if (state.selected) closeRecord();
    return;
  }
  try {
    await openRecord(route.queue, route.id);
  } catch (error) {
    if (error instanceof NotFoundError) closeRecord();
    throw error;
  }
  if (options.reveal) revealRecord();
};
