import { byDueKey, dueKeyOf } from "./rules";
import type { ReleaseSender, ReleaseTrigger, ScheduledMessage, ScheduledRef, ScheduledStore } from "./types";

export interface ReleaseDeps {
  readonly store: ScheduledStore;
  readonly sender: ReleaseSender;
  readonly trigger: ReleaseTrigger;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Told each message this call enqueued, with how late it was (ms after `releaseAt`). */
  readonly onReleased?: (record: ScheduledMessage, latenessMs: number) => void;
}

/** Earlier than this before `releaseAt`, a release re-arms instead of waiting. */
export const MAX_EARLY_WAIT_MS = 1000;

export type ReleaseResult = "released" | "rearmed" | "already-released" | "cancelled" | "not-found";

const send = async (record: ScheduledMessage, deps: ReleaseDeps): Promise<ReleaseResult> => {
  // With the message's own dedupId: if an earlier (crashed) attempt or a concurrent release sent it
  // already, SQS deduplicates within 5 minutes and the consumer's idempotency record beyond.
  const sent = await deps.sender.send(record);
  await deps.store.markSent(record, sent.messageId);
  deps.onReleased?.(record, deps.now() - record.releaseAt);
  return "released";
};

/**
 * `scheduled → released`, then the send, then `sent`. A record found released but not sent (an earlier
 * attempt crashed between the two) is sent again. When the state change is lost to a concurrent release,
 * that release sends it; `chase` sends it anyway (an earlier message of the group must be on the queue
 * before a later one is sent; the dedupId makes the second send a no-op).
 */
const releaseOne = async (
  record: ScheduledMessage,
  deps: ReleaseDeps,
  chase: boolean,
): Promise<ReleaseResult> => {
  let current = record;
  if (current.state === "scheduled") {
    const outcome = await deps.store.transition(current, "released", deps.now());
    if (!outcome.record) return "not-found";
    current = outcome.record;
    if (!outcome.won && current.state === "released" && !current.sent && !chase) return "already-released";
  }
  if (current.state === "cancelled") return "cancelled";
  if (current.sent) return "already-released";
  return send(current, deps);
};

/** Releases the group's messages due at or before `record` (same second: publish order) that are not sent. */
const releaseEarlierInGroup = async (record: ScheduledMessage, deps: ReleaseDeps): Promise<void> => {
  const due = await deps.store.dueInGroup(record.queue, record.groupId, dueKeyOf(record));
  const earlier = due.filter((other) => other.id !== record.id && other.releaseAt <= deps.now());
  for (const other of [...earlier].sort(byDueKey)) await releaseOne(other, deps, true);
};

/**
 * Releases one scheduled message (the delay queue's or the local timer's event): never early (re-arms when
 * more than a second early, else waits out the fraction), at most once in effect, and after the messages of
 * its group due before it or in the same second and published before it.
 */
export const releaseScheduled = async (ref: ScheduledRef, deps: ReleaseDeps): Promise<ReleaseResult> => {
  const record = await deps.store.get(ref);
  if (!record) return "not-found";
  if (record.state === "scheduled") {
    const early = record.releaseAt - deps.now();
    if (early > MAX_EARLY_WAIT_MS) {
      await deps.trigger.arm(record, deps.now());
      return "rearmed";
    }
    if (early > 0) await deps.sleep(early);
  }
  if (record.state !== "cancelled" && !record.sent) await releaseEarlierInGroup(record, deps);
  return releaseOne(record, deps, false);
};
