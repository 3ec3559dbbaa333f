import type { ChaosOptions } from "./options";
import type { PlannedMessage } from "./plan";
import type { Random } from "./random";

/** When a delayed message is due, and whether (and when) the run cancels it. */
export type DelayPlan = (
  | { readonly kind: "seconds"; readonly seconds: number }
  /** `notBefore` on a whole second, `seconds` after the publish. */
  | { readonly kind: "at"; readonly seconds: number }
  /** `notBefore` `offsetMs` into the second the group's previous delayed message falls due. */
  | { readonly kind: "same-second"; readonly offsetMs: number }
) & {
  /** Cancelled this share of its wait after it was accepted (over 1: after its release, a 409). */
  readonly cancelAt?: number;
};

/** A cluster's first message waits at least this long, so the next ones can fall due in its second. */
const CLUSTER_HEAD_MIN_SECONDS = 8;

const eligible = (message: PlannedMessage) =>
  !message.body.poison && !message.body.slow && message.largeBytes === undefined;

/** A cluster has followers with `sameSecondRate`: then 1 (60%) or 2 (40%) of them. */
const meanCluster = (options: ChaosOptions) => 1 + options.sameSecondRate * 1.4;

const clusterSize = (options: ChaosOptions, random: Random) =>
  random.chance(options.sameSecondRate) ? (random.chance(0.6) ? 2 : 3) : 1;

const withCancel = (delay: DelayPlan, options: ChaosOptions, random: Random): DelayPlan =>
  random.chance(options.cancelRate) ? { ...delay, cancelAt: 0.2 + random.next() } : delay;

const headDelay = (options: ChaosOptions, random: Random, size: number): DelayPlan => {
  const min = size > 1 ? Math.min(CLUSTER_HEAD_MIN_SECONDS, options.maxDelaySeconds) : 2;
  const seconds = random.int(min, options.maxDelaySeconds);
  return random.chance(0.5) ? { kind: "seconds", seconds } : { kind: "at", seconds };
};

/**
 * Marks `delayRate` of the ordinary messages delayed, in clusters of 1–3 consecutive messages of a group:
 * the first due 2 s to `maxDelaySeconds` after its publish, the others (`sameSecondRate` of the clusters have
 * them) in the same second at any millisecond (so the release order of one second is tested), each one
 * cancelled with `cancelRate`.
 */
export const planDelays = (
  options: ChaosOptions,
  random: Random,
  groups: readonly string[],
  messages: readonly PlannedMessage[],
): PlannedMessage[] => {
  const delays = new Map<string, DelayPlan>();
  for (const g of groups) {
    const own = messages.filter((message) => message.body.g === g);
    for (let index = 0; index < own.length; index += 1) {
      if (!eligible(own[index] as PlannedMessage) || !random.chance(options.delayRate / meanCluster(options)))
        continue;
      const size = clusterSize(options, random);
      const head = own[index] as PlannedMessage;
      delays.set(head.body.id, withCancel(headDelay(options, random, size), options, random));
      for (let member = 1; member < size; member += 1) {
        const next = own[index + 1];
        if (!next || !eligible(next)) break;
        index += 1;
        const delay: DelayPlan = { kind: "same-second", offsetMs: random.int(0, 999) };
        delays.set(next.body.id, withCancel(delay, options, random));
      }
    }
  }
  return messages.map((message) => {
    const delay = delays.get(message.body.id);
    return delay ? { ...message, body: { ...message.body, d: true as const }, delay } : message;
  });
};
