import type { RetryPolicy } from "../config/types";
import { CompletionUnrecordedError, IdempotencyBusyError, IdempotencyUnavailableError } from "./errors";
import { isReportedFailed, type RecordResult } from "./record-result";

/**
 * `min(maxSeconds, minSeconds × 2^(attempt − 1))`: the longest a record waits after its `attempt`-th failed
 * delivery (`attempt` is SQS's ApproximateReceiveCount, 1 on the first delivery).
 */
export const backoffCeilingSeconds = (policy: RetryPolicy, attempt: number): number =>
  Math.min(policy.maxSeconds, policy.minSeconds * 2 ** (Math.max(1, Math.floor(attempt)) - 1));

/**
 * The jittered wait, in whole seconds (SQS's unit): "equal jitter", uniform in [ceiling / 2, ceiling], and
 * never below `minSeconds`. Half the wait stays, so backoff still grows against a struggling downstream; the
 * other half spreads groups that failed together (e.g. during an outage) so they do not return in lockstep;
 * and it never exceeds the formula, so `maxSeconds` is a true bound. `random` returns a number in [0, 1).
 */
export const backoffSeconds = (policy: RetryPolicy, attempt: number, random: () => number): number => {
  const ceiling = backoffCeilingSeconds(policy, attempt);
  const jittered = Math.round(ceiling * (0.5 + random() / 2));
  return Math.min(ceiling, Math.max(policy.minSeconds, jittered));
};

/** One record's new visibility timeout, seconds from the call. */
export interface VisibilityChange {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly seconds: number;
}

/**
 * The wait of a group's records reported failed, decided by the first of them (the record that failed, or
 * the first one skipped for lack of time). A record another live invocation holds (`busy`) gets none: its
 * holder's lease may outlast a short backoff, and returning it early would only burn a receive; it waits the
 * visibility timeout, as does the rest of its group. So does a record this batch may still hold the claim of
 * until the lease ends: its completion could not be written (`CompletionUnrecordedError`), or its claim
 * request failed but may have landed (`claimMayBeHeld`); by the visibility timeout the lease is over and the
 * claim is taken over at once.
 */
const claimMayOutlastBackoff = (error: Error | undefined): boolean =>
  error instanceof IdempotencyBusyError ||
  error instanceof CompletionUnrecordedError ||
  (error instanceof IdempotencyUnavailableError && error.claimMayBeHeld);

const groupWait = (lead: RecordResult, policy: RetryPolicy, random: () => number): number | undefined =>
  claimMayOutlastBackoff(lead.error)
    ? undefined
    : backoffSeconds(policy, lead.planned.envelope.attempt, random);

/**
 * The visibility changes after a batch: every record reported failed (failed or skipped) gets its group's
 * wait, so the rest of a group returns together with the record that failed and order holds. Processed,
 * duplicate and dead-lettered records get none, so a batch without failures needs no SQS call.
 */
export const planRetryVisibility = (
  results: readonly RecordResult[],
  policy: RetryPolicy,
  random: () => number = Math.random,
): VisibilityChange[] => {
  const groups = new Map<string, RecordResult[]>();
  for (const result of results.filter(isReportedFailed)) {
    const groupId = result.planned.envelope.groupId;
    groups.set(groupId, [...(groups.get(groupId) ?? []), result]);
  }
  return [...groups.values()].flatMap((members) => {
    const ordered = members.sort((a, b) => a.planned.positionInGroup - b.planned.positionInGroup);
    const [lead] = ordered;
    const seconds = lead ? groupWait(lead, policy, random) : undefined;
    if (seconds === undefined) return [];
    return ordered.map(({ planned }) => ({
      messageId: planned.envelope.id,
      receiptHandle: planned.record.receiptHandle,
      seconds,
    }));
  });
};
