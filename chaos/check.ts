import { checkDelayed, type DelayedFacts, type DelayedResult } from "./check-delayed";
import { checkLarge, type LargeFacts, type LargeResult } from "./check-large";
import { delayedOrder, immediateOrder, type OrderedMessage, sequenceOrder } from "./check-order";
import type { LogEntry } from "./effect-log";
import type { DeadLetterRow } from "./store-reads";

type Effect = Extract<LogEntry, { k: "effect" }>;
type Kill = Extract<LogEntry, { k: "kill" }>;
type Slow = Extract<LogEntry, { k: "slow" }>;
type Fault = Extract<LogEntry, { k: "fault" }>;

/** An accepted message, with what the run knows of its delay, its cancel and its size. */
export interface AcceptedMessage extends OrderedMessage, DelayedFacts, LargeFacts {}

export interface CheckInput {
  readonly accepted: readonly AcceptedMessage[];
  readonly entries: readonly LogEntry[];
  readonly deadLetters: readonly DeadLetterRow[];
  /** dedupId → applications of its staged effect. */
  readonly staged: ReadonlyMap<string, number>;
}

export interface CheckResult {
  readonly lost: number;
  readonly deadLetters: number;
  /** Re-runs after the stack was killed inside the earlier run's invocation (after the effect, before its commit). */
  readonly edgeDoubles: number;
  /**
   * Re-runs after the earlier run's own commit met an injected DynamoDB fault (throttled, failed or slowed)
   * before its invocation's deadline: the invocation was ended with its commit unwritten.
   */
  readonly faultDoubles: number;
  /** Re-runs after the stack was killed later, while the earlier run's commit was still unwritten in it. */
  readonly edgePendingCommitDoubles: number;
  /** Re-runs of a record whose own handler finished, because a sibling in its invocation overran the timeout. */
  readonly siblingDoubles: number;
  /** Effects applied in an invocation where another record overran the timeout: what `siblingDoubles` tests. */
  readonly slowSiblings: number;
  /** Re-runs nothing above explains. */
  readonly otherDoubles: number;
  readonly lateEffects: number;
  /** Immediate messages out of publish order, plus effects of a group out of sequence-number (queue) order. */
  readonly orderViolations: number;
  /** Delayed messages of a group applied out of due order (due second, then publish order). */
  readonly delayedOrderViolations: number;
  readonly delayed: DelayedResult;
  readonly large: LargeResult;
  /** `undefined`: the runtime offers no staged effects (`context.transaction`), nothing to check. */
  readonly stagedDoubles: number | undefined;
  readonly stagedMissing: number | undefined;
  readonly poisonRan: number;
  readonly violations: number;
  /** A few examples per finding, for the run's log. */
  readonly examples: readonly string[];
}

/**
 * The consumer reads its invocation's deadline as `Date.now() + remainingTimeMs()`: exact to the millisecond
 * the two clock reads may straddle. Two invocations one after another in a worker are further apart (each
 * makes a DynamoDB round trip at least).
 */
const SAME_INVOCATION_MS = 1;

const sameInvocation = (
  a: { pid: number; tid: number; dl: number },
  b: { pid: number; tid: number; dl: number },
) => a.pid === b.pid && a.tid === b.tid && Math.abs(a.dl - b.dl) <= SAME_INVOCATION_MS;

type DoubleKind = "edge" | "edge-pending-commit" | "fault" | "sibling" | "other";

interface Timeline {
  readonly kills: readonly Kill[];
  readonly slows: readonly Slow[];
  readonly faults: readonly Fault[];
}

/** Why `current` ran again after `previous`: what ended `previous`'s invocation before its commit. */
const classify = (previous: Effect, current: Effect, { kills, slows, faults }: Timeline): DoubleKind => {
  const killsOfIt = kills.filter((kill) => kill.pid === previous.pid && kill.at >= previous.at);
  if (killsOfIt.some((kill) => kill.at <= previous.dl)) return "edge";
  if (slows.some((slow) => sameInvocation(slow, previous))) return "sibling";
  const commitHit = (fault: Fault) =>
    fault.ids.includes(previous.id) && fault.at >= previous.at && fault.at <= previous.dl;
  if (faults.some(commitHit)) return "fault";
  if (killsOfIt.some((kill) => kill.at <= current.at)) return "edge-pending-commit";
  return "other";
};

const byKind = <K extends LogEntry["k"]>(entries: readonly LogEntry[], k: K) =>
  entries.filter((entry): entry is Extract<LogEntry, { k: K }> => entry.k === k);

/** Per message id, the positions (line order) of its effects. */
const effectPositions = (entries: readonly LogEntry[]): Map<string, number[]> => {
  const positions = new Map<string, number[]>();
  entries.forEach((entry, index) => {
    if (entry.k !== "effect") return;
    const list = positions.get(entry.id) ?? [];
    list.push(index);
    positions.set(entry.id, list);
  });
  return positions;
};

/** The verdict of a run: every accepted message ran once or is a dead letter, and why anything ran twice. */
export const checkRun = (input: CheckInput): CheckResult => {
  const effects = byKind(input.entries, "effect");
  const kills = byKind(input.entries, "kill");
  const slows = byKind(input.entries, "slow");
  const redriven = new Set(byKind(input.entries, "redrive").flatMap((entry) => entry.ids));
  const positions = effectPositions(input.entries);
  const dead = new Set(input.deadLetters.filter((row) => row.status === "new").map((row) => row.dedupId));
  const examples: string[] = [];
  const note = (text: string) => examples.length < 40 && examples.push(text);
  const timeline: Timeline = { kills, slows, faults: byKind(input.entries, "fault") };
  const doubles: Record<DoubleKind, number> = {
    edge: 0,
    "edge-pending-commit": 0,
    fault: 0,
    sibling: 0,
    other: 0,
  };
  const effectsOf = new Map<string, Effect[]>();
  for (const effect of effects) effectsOf.set(effect.id, [...(effectsOf.get(effect.id) ?? []), effect]);
  for (const [id, list] of effectsOf) {
    for (let index = 1; index < list.length; index += 1) {
      const kind = classify(list[index - 1] as Effect, list[index] as Effect, timeline);
      doubles[kind] += 1;
      if (kind === "sibling" || kind === "other") note(`${kind} double: ${id}`);
    }
  }
  const slowSiblings = effects.filter((effect) => slows.some((slow) => sameInvocation(slow, effect))).length;
  const late = effects.filter((effect) => effect.at > effect.dl);
  for (const effect of late) note(`late effect: ${effect.id} ${effect.at - effect.dl} ms after its deadline`);
  const lost = input.accepted.filter(
    (message) => !message.cancelled && !effectsOf.has(message.id) && !dead.has(message.id),
  );
  for (const message of lost) note(`lost: ${message.id}`);
  const poisonRan = input.accepted.filter((message) => message.poison && effectsOf.has(message.id));
  const order = [...immediateOrder(input.accepted, positions, redriven), ...sequenceOrder(effects)];
  for (const text of order.slice(0, 10)) note(`order: ${text}`);
  const dueOrder = delayedOrder(input.accepted, positions, redriven);
  for (const text of dueOrder.slice(0, 10)) note(`delayed order: ${text}`);
  const delayed = checkDelayed(input.accepted, input.entries, new Set(effectsOf.keys()), dead);
  const large = checkLarge(input.accepted, effects, input.deadLetters);
  for (const text of [...delayed.examples, ...large.examples]) note(text);
  const stagedOn = effects.some((effect) => effect.tx);
  const ran = input.accepted.filter((message) => !message.poison && effectsOf.has(message.id));
  const stagedDoubles = stagedOn ? ran.filter((m) => (input.staged.get(m.id) ?? 0) > 1).length : undefined;
  const stagedMissing = stagedOn
    ? ran.filter((m) => !dead.has(m.id) && (input.staged.get(m.id) ?? 0) === 0).length
    : undefined;
  const violations =
    lost.length +
    doubles.sibling +
    doubles.other +
    late.length +
    order.length +
    dueOrder.length +
    delayed.violations +
    large.violations +
    poisonRan.length +
    (stagedDoubles ?? 0) +
    (stagedMissing ?? 0);
  return {
    lost: lost.length,
    deadLetters: input.accepted.filter((message) => dead.has(message.id)).length,
    edgeDoubles: doubles.edge,
    edgePendingCommitDoubles: doubles["edge-pending-commit"],
    faultDoubles: doubles.fault,
    siblingDoubles: doubles.sibling,
    slowSiblings,
    otherDoubles: doubles.other,
    lateEffects: late.length,
    orderViolations: order.length,
    delayedOrderViolations: dueOrder.length,
    delayed,
    large,
    stagedDoubles,
    stagedMissing,
    poisonRan: poisonRan.length,
    violations,
    examples,
  };
};
