import type { ChaosOptions } from "./options";
import type { Random } from "./random";

/** What the chaos consumer is asked to do with a message; its body on the queue. */
export interface ChaosBody {
  /** The message's dedupId (its identity everywhere in the run). */
  readonly id: string;
  readonly g: string;
  /** Position in its group, from 0: the order the group was published in. */
  readonly n: number;
  /** Throws `PermanentError`: dead-lettered at once. */
  readonly poison?: true;
  /** Fails (a plain error) on attempts 1…fail. */
  readonly fail?: number;
  /** Sleeps past the function timeout on its first attempt. */
  readonly slow?: true;
  /** Fails on every attempt until the run heals it and redrives its dead letter. */
  readonly exhaust?: true;
}

export interface PlannedMessage {
  readonly body: ChaosBody;
  /** Published a second time (same dedupId and body) a moment after it was accepted. */
  readonly duplicate: boolean;
}

export interface Plan {
  readonly groups: readonly string[];
  /** Each group's messages in publish order. */
  readonly byGroup: ReadonlyMap<string, readonly PlannedMessage[]>;
  readonly all: readonly PlannedMessage[];
}

const groupName = (index: number, count: number) => `g-${String(index).padStart(String(count).length, "0")}`;

/** Picks `count` distinct messages for one special role among those without a role yet. */
const pickRole = (random: Random, free: number[], count: number): Set<number> =>
  new Set(random.shuffle(free).slice(0, count));

/** A message that fails until the run redrives it: alone in a group of its own, so its way to the dead-letter
 * queue (maxReceiveCount × the visibility timeout without retry backoff) holds no other message up. */
const exhaustMessage = (index: number, count: number): PlannedMessage => {
  const g = `x-${String(index).padStart(String(count).length, "0")}`;
  return { body: { id: `${g}-m00000`, g, n: 0, exhaust: true }, duplicate: false };
};

/** Which messages are poison, fail, sleep or wait for a redrive; seeded, so a run can be repeated. */
export const planMessages = (options: ChaosOptions, random: Random): Plan => {
  const main = Array.from({ length: options.groups }, (_, index) => groupName(index, options.groups));
  const indexes = Array.from({ length: options.messages - options.exhaust }, (_, index) => index);
  const poison = pickRole(random, indexes, Math.round(options.messages * options.poisonRate));
  const slow = pickRole(
    random,
    indexes.filter((i) => !poison.has(i)),
    options.slow,
  );
  const counters = new Map<string, number>();
  const regular = indexes.map((index): PlannedMessage => {
    const g = main[index % main.length] ?? "g-0";
    const n = counters.get(g) ?? 0;
    counters.set(g, n + 1);
    const special = poison.has(index) || slow.has(index);
    const fail = !special && random.chance(options.transientRate) ? random.int(1, 2) : undefined;
    const body: ChaosBody = {
      id: `${g}-m${String(n).padStart(5, "0")}`,
      g,
      n,
      ...(poison.has(index) ? { poison: true as const } : {}),
      ...(slow.has(index) ? { slow: true as const } : {}),
      ...(fail ? { fail } : {}),
    };
    return { body, duplicate: random.chance(options.duplicateRate) };
  });
  const exhaust = Array.from({ length: options.exhaust }, (_, index) =>
    exhaustMessage(index, options.exhaust),
  );
  const all = [...exhaust, ...regular];
  const groups = [...exhaust.map((message) => message.body.g), ...main];
  const byGroup = new Map(groups.map((g) => [g, all.filter((message) => message.body.g === g)]));
  return { groups, byGroup, all };
};
