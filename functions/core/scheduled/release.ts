import { ReleaseStateError } from "./errors";
import type { GroupTurns, RecentlySent } from "./group-turns";
import { byDueKey, dueKeyOf, dueKeyUpTo } from "./rules";
import type { ReleaseSender, ReleaseStore, ReleaseTrigger, ScheduledMessage, ScheduledRef } from "./types";

export interface ReleaseDeps {
  readonly store: ReleaseStore;
  readonly sender: ReleaseSender;
  readonly trigger: ReleaseTrigger;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /**
   * Told each message this call released (won, or found released but not sent), with how late its send completed
   * (ms after `releaseAt`) and how much of that the group's order demanded (`orderHoldMs`: it waited for a message
   * of its second published before it and due later).
   */
  readonly onReleased?: (record: ScheduledMessage, latenessMs: number, orderHoldMs: number) => void;
  /** This process's releases of one group one after the other (`createGroupTurns`). @default they overlap */
  readonly groupTurns?: GroupTurns | undefined;
  /** What this process sent and marked lately (`createRecentlySent`): skipped without I/O. @default none */
  readonly recentlySent?: RecentlySent | undefined;
}

/** Waits until the wall clock reaches `at`: a timer may fire up to a millisecond before it says so (Node). */
const sleepUntil = async (at: number, deps: ReleaseDeps): Promise<void> => {
  for (let left = at - deps.now(); left > 0; left = at - deps.now()) await deps.sleep(left);
};

/** Earlier than this before `releaseAt`, a release re-arms instead of waiting. */
export const MAX_EARLY_WAIT_MS = 1000;

/**
 * `in-flight`: another release won this message and has not sent it yet; the caller must not delete the
 * delay-queue message (it comes back and then finds it sent, or sends it if that release failed or crashed).
 */
export type ReleaseResult =
  | "released"
  | "rearmed"
  | "already-released"
  | "in-flight"
  | "cancelled"
  | "not-found";

/** A record of the chain after its state change: `ours` when this call won it or found it released, unsent. */
interface Claimed {
  readonly record: ScheduledMessage;
  readonly ours: boolean;
}

/** `scheduled → released` (one winner against a cancel and other releases); undefined when the record is gone. */
const claim = async (record: ScheduledMessage, deps: ReleaseDeps): Promise<Claimed | undefined> => {
  if (record.state !== "scheduled") return { record, ours: record.state === "released" && !record.sent };
  const outcome = await deps.store.release(record, deps.now());
  if (!outcome.record) return undefined;
  // Lost, yet still scheduled: no store answers that; sending could lose to a cancel, so do not.
  if (!outcome.won && outcome.record.state === "scheduled") throw new ReleaseStateError(record);
  return { record: outcome.record, ours: outcome.won };
};

/**
 * Sends the chain in due-key order, each send after the previous one succeeded, then records `sent` for what
 * went out (also when a send failed, except the release's own message: the rest stays released and unsent, and
 * the retry of this release or their own releases send it in order later). Every released, unsent record is
 * sent — also one a concurrent release won and has not sent yet: an earlier message must be on the queue before
 * a later one, and the dedupId makes a second send a no-op (SQS within 5 minutes, the consumer's idempotency
 * record beyond).
 */
const sendInOrder = async (
  chain: readonly Claimed[],
  own: Claimed | undefined,
  deps: ReleaseDeps,
): Promise<readonly Claimed[]> => {
  const sent: { claimed: Claimed; messageId: string; at: number }[] = [];
  let failed = false;
  try {
    for (const claimed of chain) {
      if (claimed.record.state !== "released" || claimed.record.sent) continue;
      failed = true;
      const { messageId } = await deps.sender.send(claimed.record);
      failed = false;
      sent.push({ claimed, messageId, at: deps.now() });
    }
  } finally {
    // A failed send leaves the release's own message unmarked even when it went out: its retry (the delay-queue
    // message comes back) then finds it unsent and sends the rest of the chain, which may have no other release
    // left (a concurrent release that lost one of them to this one answered and was deleted).
    // The own mark also comes last, after the others succeeded: a failed mark of a swept message leaves it unmarked
    // too, so the retry marks it (else it stays unsent in the group's index and later releases send it again).
    const mark = ({ claimed, messageId }: (typeof sent)[number]) =>
      deps.store.markSent(claimed.record, messageId);
    await Promise.all(sent.filter(({ claimed }) => claimed !== own).map(mark));
    const ownSent = sent.find(({ claimed }) => claimed === own);
    if (ownSent && !failed) await mark(ownSent);
  }
  const holds = orderHolds(chain.map(({ record }) => record));
  for (const { claimed, at } of sent) {
    deps.recentlySent?.add(claimed.record.id);
    const { releaseAt } = claimed.record;
    if (claimed.ours) deps.onReleased?.(claimed.record, at - releaseAt, holds.get(claimed.record) ?? 0);
  }
  return sent.map(({ claimed }) => claimed);
};

/**
 * For each message of a chain (due-key order), how long the order of its second held it past its own
 * `releaseAt`: the latest `releaseAt` of the chain's messages of the same second up to it, less its own.
 */
const orderHolds = (chain: readonly ScheduledMessage[]): Map<ScheduledMessage, number> => {
  const holds = new Map<ScheduledMessage, number>();
  let second = Number.NaN;
  let latest = 0;
  for (const record of chain) {
    const itsSecond = Math.floor(record.releaseAt / 1000);
    latest = itsSecond === second ? Math.max(latest, record.releaseAt) : record.releaseAt;
    second = itsSecond;
    holds.set(record, latest - record.releaseAt);
  }
  return holds;
};

/**
 * The chain a release sends, in due-key order: the group's unsent messages due at or before `self` whose time
 * has come, `self`, then the group's messages after it whose time has come too, up to the first that is not
 * due yet (so sending ahead never puts a message before an earlier one of its second that must still wait).
 */
const chainOf = (self: ScheduledMessage, due: readonly ScheduledMessage[], now: number) => {
  const selfKey = dueKeyOf(self);
  const sorted = due.filter((other) => other.id !== self.id).sort(byDueKey);
  const before = sorted.filter((other) => dueKeyOf(other) < selfKey && other.releaseAt <= now);
  const after = sorted.filter((other) => dueKeyOf(other) > selfKey);
  const stop = after.findIndex((other) => other.releaseAt > now);
  return [...before, self, ...(stop < 0 ? after : after.slice(0, stop))];
};

/**
 * Publish order within a second: a message of the group published before `self` and due in the same second but
 * a few milliseconds later is waited for (under a second, never early), so the chain sends it first. Returns
 * the time the chain is built at.
 */
const waitForEarlierOfSecond = async (
  self: ScheduledMessage,
  due: readonly ScheduledMessage[],
  deps: ReleaseDeps,
): Promise<number> => {
  const selfKey = dueKeyOf(self);
  const now = deps.now();
  const waits = due
    .filter((other) => other.id !== self.id && dueKeyOf(other) < selfKey)
    .map((other) => other.releaseAt - now);
  const wait = Math.min(MAX_EARLY_WAIT_MS, Math.max(0, ...waits));
  if (wait <= 0) return now;
  await sleepUntil(now + wait, deps);
  return deps.now();
};

/**
 * Releases `record` after the group's unsent messages due at or before it (same second: publish order), and with
 * it the group's later messages already due (their own releases then find them sent): one query of the group's
 * due index, every state change at once, then the sends in order.
 */
const releaseWithEarlier = async (record: ScheduledMessage, deps: ReleaseDeps): Promise<ReleaseResult> => {
  // An earlier turn of this process sent it (its chase or its sweep): nothing to do, nothing to read.
  if (deps.recentlySent?.has(record.id)) return "already-released";
  const read = deps.now();
  const upTo = [dueKeyOf(record), dueKeyUpTo(read)].sort().at(-1) ?? dueKeyOf(record);
  const found = await deps.store.dueInGroup(record.queue, record.groupId, upTo, dueKeyOf(record));
  // The index may lag behind what this process sent and marked: those are on the queue already.
  const due = found.filter((other) => !deps.recentlySent?.has(other.id));
  // The index may lag: the record itself as read stands in when the query misses it (its state change decides).
  const self = due.find((other) => other.id === record.id) ?? record;
  const now = await waitForEarlierOfSecond(self, due, deps);
  const chain = chainOf(self, due, now);
  const claimed = await Promise.all(chain.map((r) => claim(r, deps)));
  const mine = claimed[chain.indexOf(self)];
  const toSend = claimed.filter((c): c is Claimed => c !== undefined);
  // What another release won at the end of the chain is that release's to send: nothing of ours waits on it.
  while (toSend.length > 0 && !toSend.at(-1)?.ours) toSend.pop();
  const sent = await sendInOrder(toSend, mine, deps);
  if (!mine) return "not-found";
  if (mine.record.state === "cancelled") return "cancelled";
  if (mine.ours) return "released";
  // Won by another release and not sent yet (by it or here): if that one fails or crashes, this delivery is the
  // only one left to send it, so it must come back rather than be deleted.
  const unsent = mine.record.state === "released" && !mine.record.sent && !sent.includes(mine);
  return unsent ? "in-flight" : "already-released";
};

/**
 * Releases one scheduled message (the delay queue's event): never early (re-arms when more than a second early,
 * else waits out the fraction), at most once in effect, and after the messages of its group due before it or in
 * the same second and published before it.
 */
export const releaseScheduled = async (ref: ScheduledRef, deps: ReleaseDeps): Promise<ReleaseResult> => {
  // Swept by a release of this process already (it is sent and marked): nothing to read, nothing to wait for.
  if (deps.recentlySent?.has(ref.id)) return "already-released";
  const record = await deps.store.get(ref);
  if (!record) return "not-found";
  if (record.state === "cancelled") return "cancelled";
  if (record.sent) return "already-released";
  if (record.state === "scheduled") {
    const early = record.releaseAt - deps.now();
    if (early > MAX_EARLY_WAIT_MS) {
      await deps.trigger.arm(record, deps.now());
      return "rearmed";
    }
    await sleepUntil(record.releaseAt, deps);
  }
  const work = () => releaseWithEarlier(record, deps);
  return deps.groupTurns ? deps.groupTurns(JSON.stringify([record.queue, record.groupId]), work) : work();
};
