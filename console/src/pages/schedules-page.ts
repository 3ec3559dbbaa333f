import { FifoqApiError, NotFoundError } from "../../../client/src/index.js";
import { client, state } from "../state";
import { flash, toggleSection } from "../ui";
import { renderQueues } from "../views/queues-view";
import { renderSchedules, renderStatus } from "../views/schedules-view";
import { guarded } from "./dead-letter-page";

/** Reads `GET /schedules` and redraws the table if anything changed. */
export const loadSchedules = async (): Promise<void> => {
  const schedules = await guarded(() => client().schedules());
  if (!state.schedulesOpen) return;
  state.schedules = schedules ?? [];
  renderSchedules(state.schedules, state.access);
};

/** Shows the schedules in place of a queue's messages. */
export const openSchedules = async (): Promise<void> => {
  state.schedulesOpen = true;
  for (const section of ["dead-letters", "record", "scheduled"] as const) toggleSection(section, false);
  toggleSection("schedules", true);
  renderQueues(state.queues, undefined);
  await loadSchedules();
};

export const closeSchedules = (): void => {
  state.schedulesOpen = false;
  toggleSection("schedules", false);
};

/** Pauses or resumes a schedule (both undo each other: no confirmation); true when done. */
export const setPaused = async (name: string, paused: boolean): Promise<boolean> => {
  const schedule = paused ? await client().pauseSchedule(name) : await client().resumeSchedule(name);
  flash(`${paused ? "Paused" : "Resumed"} schedule ${schedule.name}.`);
  return true;
};

/** Looks up where a message of the open queue is; an unknown message is an answer, not an error. */
export const lookUpStatus = async (dedupId: string, groupId: string): Promise<void> => {
  const queue = state.scheduledQueue;
  if (!queue) return;
  renderStatus(undefined, "Looking up…");
  try {
    renderStatus(await client().status(queue, dedupId, { groupId }));
  } catch (error) {
    if (error instanceof NotFoundError && error.code === "NOT_FOUND")
      renderStatus(
        undefined,
        `No message ${dedupId} in group ${groupId} on ${queue} within the idempotency window.`,
      );
    else if (error instanceof FifoqApiError) renderStatus(undefined, `${error.code}: ${error.message}`);
    else throw error;
  }
};
