import { client, state } from "../state";
import { renderQueues } from "../views/queues-view";

/** Reads `GET /queues` (any key may) and redraws the queues table if anything changed. */
export const loadQueues = async (): Promise<void> => {
  state.queues = await client().queues();
  renderQueues(state.queues, state.queue);
};
