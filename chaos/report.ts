import type { CheckResult } from "./check";
import type { FaultInjector } from "./proxy/faults";

export interface RunFacts {
  readonly messages: number;
  readonly groups: number;
  readonly kills: number;
  readonly crashes: number;
  readonly faults: { readonly sqs: FaultInjector; readonly dynamodb: FaultInjector };
  /** Problems of the run itself: publishes refused, stacks that never came up, corrupt log lines. */
  readonly runProblems: number;
  /** Dead letters the run redrove over the API. */
  readonly redriven: number;
  /** Duplicate publishes of a scheduled message, answered before its release with another scheduledId. */
  readonly dedupMisses: number;
  readonly durationS: number;
  readonly seed: number;
}

const total = (injector: FaultInjector) => Object.values(injector.counts).reduce((a, b) => a + b, 0);

const staged = (value: number | undefined) => (value === undefined ? "n/a" : String(value));

/** Everything that fails the run. */
export const violationsOf = (check: CheckResult, facts: RunFacts): number =>
  check.violations + facts.crashes + facts.runProblems + facts.dedupMisses;

/** The run's one line. */
export const chaosLine = (check: CheckResult, facts: RunFacts): string =>
  [
    "CHAOS",
    `messages=${facts.messages}`,
    `groups=${facts.groups}`,
    `kills=${facts.kills}`,
    `faults=${total(facts.faults.sqs) + total(facts.faults.dynamodb)}`,
    `lost=${check.lost}`,
    `dead_letters=${check.deadLetters}`,
    `edge_doubles=${check.edgeDoubles + check.edgePendingCommitDoubles}`,
    `fault_doubles=${check.faultDoubles}`,
    `sibling_doubles=${check.siblingDoubles}`,
    `slow_siblings=${check.slowSiblings}`,
    `other_doubles=${check.otherDoubles}`,
    `late_effects=${check.lateEffects}`,
    `order_violations=${check.orderViolations}`,
    `delayed=${check.delayed.delayed}`,
    `delayed_lost=${check.delayed.lost}`,
    `early=${check.delayed.early}`,
    `delayed_order_violations=${check.delayedOrderViolations}`,
    `cancelled=${check.delayed.cancelled}`,
    `cancelled_applied=${check.delayed.cancelledApplied}`,
    `cancel_409=${check.delayed.cancelTooLate}`,
    `delayed_dedup_misses=${facts.dedupMisses}`,
    `large=${check.large.large}`,
    `large_lost=${check.large.lost}`,
    `large_bad_bodies=${check.large.badBodies}`,
    `large_dead_letters=${check.large.deadLetters}`,
    `redriven=${facts.redriven}`,
    `staged_doubles=${staged(check.stagedDoubles)}`,
    `staged_missing=${staged(check.stagedMissing)}`,
    `crashes=${facts.crashes}`,
    `violations=${violationsOf(check, facts)}`,
    `duration_s=${facts.durationS.toFixed(1)}`,
    `seed=${facts.seed}`,
  ].join(" ");

/** What the line sums up, for the run's log (stderr). */
export const details = (check: CheckResult, facts: RunFacts): string[] => [
  `faults sqs ${JSON.stringify(facts.faults.sqs.counts)}`,
  `faults dynamodb ${JSON.stringify(facts.faults.dynamodb.counts)}`,
  `edge doubles: ${check.edgeDoubles} killed inside the invocation, ${check.edgePendingCommitDoubles} killed later with the commit still unwritten`,
  `poison that ran: ${check.poisonRan}; run problems: ${facts.runProblems}`,
  `delayed published at once (notBefore passed): ${check.delayed.delayedNow}; cancels answered otherwise: ${check.delayed.cancelOther}, never answered: ${check.delayed.cancelUnanswered}`,
  `large messages left a dead letter (dead-lettered after the redrive): ${check.large.leftDead}`,
  ...check.examples,
];
