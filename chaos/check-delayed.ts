import type { LogEntry } from "./effect-log";

/** What the delayed checks need of an accepted message. */
export interface DelayedFacts {
  readonly id: string;
  /** Planned with a delay. */
  readonly delayed: boolean;
  /** Answered with a `scheduledId` (else its `notBefore` had passed: published at once). */
  readonly scheduled: boolean;
  /** The earliest it may be seen (epoch ms): its `releaseAt`, or the earliest a lost earlier request could set. */
  readonly notBefore?: number;
  /** The final answer to the run's cancel of it, if it cancelled it (0: none of its requests was answered). */
  readonly cancel?: number;
  /** Its cancel answered 204, or was never answered (then either outcome is right). */
  readonly cancelled: boolean;
}

export interface DelayedResult {
  /** Delayed messages scheduled. */
  readonly delayed: number;
  /** Planned with a delay, published at once (their `notBefore` had passed while the stack was down). */
  readonly delayedNow: number;
  /** Scheduled, not cancelled, and never applied nor a recorded dead letter. */
  readonly lost: number;
  /** Seen by the handler before their `releaseAt`. */
  readonly early: number;
  /** Cancels answered 204, and those of them applied anyway (a violation). */
  readonly cancelled: number;
  readonly cancelledApplied: number;
  /** Cancels answered 409 ALREADY_RELEASED (each must have been applied: else it counts as lost). */
  readonly cancelTooLate: number;
  /** Cancels answered anything else (a problem of the run). */
  readonly cancelOther: number;
  /** Cancels none of whose requests was answered (the stack down or starved until after the release). */
  readonly cancelUnanswered: number;
  readonly violations: number;
  readonly examples: readonly string[];
}

/** When the handler first saw each delayed message: its first `seen` line, else its first effect. */
const firstSeen = (entries: readonly LogEntry[]): Map<string, number> => {
  const seen = new Map<string, number>();
  for (const entry of entries)
    if ((entry.k === "seen" || entry.k === "effect") && !seen.has(entry.id)) seen.set(entry.id, entry.at);
  return seen;
};

/**
 * Every delayed message released once, never before its time, none lost; a cancel that won (204) means never
 * applied, one that lost (409) means applied. `applied`: ids with an effect; `dead`: recorded dead letters.
 */
export const checkDelayed = (
  accepted: readonly DelayedFacts[],
  entries: readonly LogEntry[],
  applied: ReadonlySet<string>,
  dead: ReadonlySet<string>,
): DelayedResult => {
  const examples: string[] = [];
  const note = (text: string) => examples.length < 20 && examples.push(text);
  const scheduled = accepted.filter((m) => m.scheduled);
  const seen = firstSeen(entries);
  const lost = scheduled.filter((m) => !m.cancelled && !applied.has(m.id) && !dead.has(m.id));
  for (const m of lost) note(`delayed lost: ${m.id}${m.cancel === 409 ? " (cancel answered 409)" : ""}`);
  const early = scheduled.filter((m) => (seen.get(m.id) ?? Number.POSITIVE_INFINITY) < (m.notBefore ?? 0));
  for (const m of early) note(`early: ${m.id} seen ${(m.notBefore ?? 0) - (seen.get(m.id) ?? 0)} ms early`);
  const cancelled = scheduled.filter((m) => m.cancel === 204);
  const cancelledApplied = cancelled.filter((m) => applied.has(m.id) || seen.has(m.id));
  for (const m of cancelledApplied) note(`cancelled (204) yet delivered: ${m.id}`);
  const cancelOther = scheduled.filter(
    (m) => m.cancel !== undefined && m.cancel !== 204 && m.cancel !== 409 && m.cancel !== 0,
  );
  for (const m of cancelOther) note(`cancel of ${m.id} answered ${m.cancel}`);
  return {
    delayed: scheduled.length,
    delayedNow: accepted.filter((m) => m.delayed && !m.scheduled).length,
    lost: lost.length,
    early: early.length,
    cancelled: cancelled.length,
    cancelledApplied: cancelledApplied.length,
    cancelTooLate: scheduled.filter((m) => m.cancel === 409).length,
    cancelOther: cancelOther.length,
    cancelUnanswered: scheduled.filter((m) => m.cancel === 0).length,
    violations: lost.length + early.length + cancelledApplied.length + cancelOther.length,
    examples,
  };
};
