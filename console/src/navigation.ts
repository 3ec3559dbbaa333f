import { NotFoundError } from "../../client/src/index.js";
import { closeRecord, openQueue, openRecord, revealRecord } from "./pages/dead-letter-page";
import { type Route, routeHash } from "./route";
import { state } from "./state";

/**
 * Shows what a route names. `home` becomes the first queue (the address bar is rewritten, not pushed, so
 * back still leaves the console); a record is opened in its queue and, when `reveal`, scrolled into view.
 */
export const showRoute = async (route: Route, options: { readonly reveal: boolean }): Promise<void> => {
  if (route.kind === "home") {
    const first = state.queue ?? state.queues[0]?.name;
    if (!first) return;
    const queueRoute: Route = { kind: "queue", queue: first };
    history.replaceState(history.state, "", routeHash(queueRoute));
    return showRoute(queueRoute, options);
  }
  if (state.queue !== route.queue) await openQueue(route.queue);
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
