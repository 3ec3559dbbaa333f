import { AlreadyReleasedError, ScheduledNotFoundError } from "./errors";
import type { ScheduledRef, ScheduledStore } from "./types";

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/**
 * `DELETE /queues/{queue}/scheduled/{id}`: `scheduled → cancelled`. A cancel of a cancelled message is done
 * already (204 again); of a released one (or one the release won the race for) `409 ALREADY_RELEASED`.
 */
export const cancelScheduled = async (
  ref: ScheduledRef,
  deps: { readonly store: ScheduledStore; readonly now: () => number },
): Promise<void> => {
  const outcome = await deps.store.transition(ref, "cancelled", deps.now());
  if (outcome.won) return;
  const { record } = outcome;
  if (!record) throw new ScheduledNotFoundError(ref.queue, ref.id);
  if (record.state === "released") throw new AlreadyReleasedError(ref.id, iso(record.releasedAt));
};
