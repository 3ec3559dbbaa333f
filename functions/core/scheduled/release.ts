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

/**
 * `scheduled → released`, then the send, then `sent`. A record found released but not sent (an earlier
 * attempt crashed between the two) is sent again.
 */
const releaseOne = async (record: ScheduledMessage, deps: ReleaseDeps): Promise<ReleaseResult> => {
  if (record.state === "cancelled") return "cancelled";
  if (record.state === "released" && record.sent) return "already-released";
  let current = record;
  if (record.state === "scheduled") {
    const outcome = await deps.store.transition(record, "released", deps.now());
    // Lost to a cancel, or to a concurrent release, which sends it (and, should it crash, its own trigger
    // comes back and finds the record released but not sent).
    if (!outcome.won) return outcome.record?.state === "cancelled" ? "cancelled" : "already-released";
    current = outcome.record;
  }
  // Released but not (known to be) sent: send with the message's own dedupId. If a crashed earlier attempt
  // did send it, SQS deduplicates within 5 minutes and the consumer's idempotency record beyond.
  const sent = await deps.sender.send(current);
  await deps.store.markSent(current, sent.messageId);
  deps.onReleased?.(current, deps.now() - current.releaseAt);
  return "released";
};

/** Releases the group's still-scheduled messages due at or before `record` (same second: publish order). */
const releaseEarlierInGroup = async (record: ScheduledMessage, deps: ReleaseDeps): Promise<void> => {
  const due = await deps.store.dueInGroup(record.queue, record.groupId, dueKeyOf(record));
  const earlier = due.filter((other) => other.id !== record.id && other.releaseAt <= deps.now());
  for (const other of [...earlier].sort(byDueKey)) await releaseOne(other, deps);
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
    await releaseEarlierInGroup(record, deps);
  }
  return releaseOne(record, deps);
};
