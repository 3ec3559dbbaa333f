import { WIRE_LIMITS } from "../contract/limits";
import type { ChaosOptions } from "./options";
import { type DelayPlan, planDelays } from "./plan-delays";
import type { Random } from "./random";

export type { DelayPlan } from "./plan-delays";

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
  /** Throws `PermanentError` until the run heals it and redrives its dead letter. */
  readonly park?: true;
  /** Published with a delay: the consumer logs when it first sees it. */
  readonly d?: true;
  /** A large message's filler (made at publish, never kept in the plan). */
  readonly pad?: string;
}

export interface PlannedMessage {
  readonly body: ChaosBody;
  /** Published a second time (same dedupId and body) a moment after it was accepted. */
  readonly duplicate: boolean;
  /** Published with `delaySeconds` or `notBefore`. */
  readonly delay?: DelayPlan;
  /** A large message: its whole size in bytes (the body's JSON), over SQS's 1 MiB. */
  readonly largeBytes?: number;
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

/** Just over SQS's 1 MiB */
const SQS_MAX_BYTES = 1_048_576;

/**
 * Sizes of the large messages: the first exactly the API's limit, the second one byte over SQS's 1 MiB (the
 * two edges), the others anywhere between.
 */
const largeSizes = (random: Random, count: number): number[] =>
  Array.from({ length: count }, (_, index) =>
    index === 0
      ? WIRE_LIMITS.maxMessageBytes
      : index === 1
        ? SQS_MAX_BYTES + 1
        : random.int(SQS_MAX_BYTES + 1, WIRE_LIMITS.maxMessageBytes),
  );

interface Roles {
  readonly poison: Set<number>;
  readonly slow: Set<number>;
  /** Index → size in bytes. */
  readonly large: Map<number, number>;
  readonly park: Set<number>;
}

const pickRoles = (options: ChaosOptions, random: Random, indexes: number[]): Roles => {
  const poison = pickRole(random, indexes, Math.round(options.messages * options.poisonRate));
  const slow = pickRole(
    random,
    indexes.filter((i) => !poison.has(i)),
    options.slow,
  );
  // Lowest index first: the dead-lettered ones are the earliest in their groups, so they reach the
  // dead-letter queue long before the run redrives, even on a starved machine.
  const largeIndexes = [
    ...pickRole(
      random,
      indexes.filter((i) => !poison.has(i) && !slow.has(i)),
      options.largeMessages,
    ),
  ].sort((a, b) => a - b);
  const sizes = largeSizes(random, largeIndexes.length);
  const large = new Map(largeIndexes.map((index, i) => [index, sizes[i] ?? SQS_MAX_BYTES + 1]));
  // The largest is among those dead-lettered: the limit's edge on the whole dead-letter path.
  const park = new Set(largeIndexes.slice(0, options.largeDeadLetters));
  return { poison, slow, large, park };
};

/** Which messages are poison, fail, sleep, wait for a redrive, are delayed or large; seeded, so a run can be repeated. */
export const planMessages = (options: ChaosOptions, random: Random): Plan => {
  const main = Array.from({ length: options.groups }, (_, index) => groupName(index, options.groups));
  const indexes = Array.from({ length: options.messages - options.exhaust }, (_, index) => index);
  const roles = pickRoles(options, random, indexes);
  const counters = new Map<string, number>();
  const regular = indexes.map((index): PlannedMessage => {
    const g = main[index % main.length] ?? "g-0";
    const n = counters.get(g) ?? 0;
    counters.set(g, n + 1);
    const special = roles.poison.has(index) || roles.slow.has(index);
    const fail = !special && random.chance(options.transientRate) ? random.int(1, 2) : undefined;
    const body: ChaosBody = {
      id: `${g}-m${String(n).padStart(5, "0")}`,
      g,
      n,
      ...(roles.poison.has(index) ? { poison: true as const } : {}),
      ...(roles.slow.has(index) ? { slow: true as const } : {}),
      ...(roles.park.has(index) ? { park: true as const } : {}),
      ...(fail ? { fail } : {}),
    };
    const largeBytes = roles.large.get(index);
    return { body, duplicate: random.chance(options.duplicateRate), ...(largeBytes ? { largeBytes } : {}) };
  });
  const delayed = planDelays(options, random, main, regular);
  const exhaust = Array.from({ length: options.exhaust }, (_, index) =>
    exhaustMessage(index, options.exhaust),
  );
  const all = [...exhaust, ...delayed];
  const groups = [...exhaust.map((message) => message.body.g), ...main];
  const byGroup = new Map<string, PlannedMessage[]>(groups.map((g) => [g, []]));
  for (const message of all) byGroup.get(message.body.g)?.push(message);
  return { groups, byGroup, all };
};
