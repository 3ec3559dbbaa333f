import type { LogEntry } from "./effect-log";

type Effect = Extract<LogEntry, { k: "effect" }>;

/** What the order checks need of an accepted message. */
export interface OrderedMessage {
  readonly id: string;
  readonly g: string;
  /** Position in its group's publish order. */
  readonly n: number;
  readonly poison: boolean;
  /** Planned with a delay (joins its group at release, whatever the answer). */
  readonly delayed: boolean;
  /** Scheduled at its first request: `releaseAt` is the one it was released at. */
  readonly dueAt?: number;
  /** Cancelled (204): never runs. */
  readonly cancelled: boolean;
}

/** Per message id, the positions (line order) of its effects. */
export type Positions = ReadonlyMap<string, readonly number[]>;

const byGroup = <T extends { g: string }>(items: readonly T[]): T[][] => {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.g, [...(groups.get(item.g) ?? []), item]);
  return [...groups.values()];
};

/** In each list (already in its expected order), the last effect of one must come before the first of the next. */
const outOfOrder = (lists: readonly OrderedMessage[][], positions: Positions, why: string): string[] => {
  const found: string[] = [];
  for (const messages of lists)
    for (let index = 1; index < messages.length; index += 1) {
      const [before, after] = [messages[index - 1] as OrderedMessage, messages[index] as OrderedMessage];
      const last = Math.max(...(positions.get(before.id) ?? []));
      const first = Math.min(...(positions.get(after.id) ?? []));
      if (last > first) found.push(`${before.id} applied after ${after.id} (${why})`);
    }
  return found;
};

/**
 * Each group's messages published without a delay, that ran, in publish order. Redriven messages go back to
 * the end of their group, delayed ones join it at release: both are left out here.
 */
export const immediateOrder = (
  accepted: readonly OrderedMessage[],
  positions: Positions,
  redriven: ReadonlySet<string>,
): string[] => {
  const kept = accepted.filter((m) => !m.poison && !m.delayed && !redriven.has(m.id) && positions.has(m.id));
  return outOfOrder(
    byGroup(kept).map((list) => list.sort((a, b) => a.n - b.n)),
    positions,
    "publish order",
  );
};

const dueSecond = (message: OrderedMessage) => Math.floor((message.dueAt ?? 0) / 1000);

/**
 * Each group's delayed messages that ran, in due order: the second they fell due, then publish order. A
 * release first releases every message of its group due before it or in its second and published before it,
 * so that is the order they enter the queue, whatever the lateness; within one second it is the contract's
 * "released in publish order". Left out: cancelled, redriven, and those scheduled by a request whose answer
 * was lost (their `releaseAt` is not known).
 */
export const delayedOrder = (
  accepted: readonly OrderedMessage[],
  positions: Positions,
  redriven: ReadonlySet<string>,
): string[] => {
  const kept = accepted.filter(
    (m) => m.dueAt !== undefined && !m.cancelled && !redriven.has(m.id) && positions.has(m.id),
  );
  const sorted = byGroup(kept).map((list) => list.sort((a, b) => dueSecond(a) - dueSecond(b) || a.n - b.n));
  return outOfOrder(sorted, positions, "due order");
};

/**
 * FIFO within a group, whatever joined it when: the effects of a group, in the order they happened, carry
 * non-decreasing sequence numbers (a message is received only once the one before it in its group is done).
 */
/** SQS sequence numbers are decimal strings: longer is later, else they compare as text. */
const seqBefore = (a: string, b: string) => a.length < b.length || (a.length === b.length && a < b);

export const sequenceOrder = (effects: readonly Effect[]): string[] => {
  const found: string[] = [];
  const highest = new Map<string, Effect>();
  for (const effect of effects) {
    if (effect.seq === undefined) continue;
    const before = highest.get(effect.g);
    if (before?.seq !== undefined && seqBefore(effect.seq, before.seq))
      found.push(`${effect.id} (seq ${effect.seq}) applied after ${before.id} (seq ${before.seq})`);
    else highest.set(effect.g, effect);
  }
  return found;
};
