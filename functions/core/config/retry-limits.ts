import { backoffCeilingSeconds } from "../consumer/retry-backoff";
import { LIMITS } from "./defaults";
import type { RetryPolicy } from "./types";

/** The resolved queue values a retry policy is checked against. */
export interface RetryContext {
  readonly functionTimeoutSeconds: number;
  readonly maxReceiveCount: number;
  readonly retentionSeconds: number;
}

/** Which field of `retry` is wrong, its value and what is allowed. */
export interface RetryProblem {
  readonly field: "minSeconds" | "maxSeconds";
  readonly value: unknown;
  readonly allowed: string;
}

export type RetryCheck =
  | { readonly ok: true; readonly policy: RetryPolicy }
  | { readonly ok: false; readonly problem: RetryProblem };

/**
 * The longest backoff SQS is sure to accept: a message stays invisible at most 12 hours after its receive,
 * and the runtime sets the backoff up to one function timeout after that receive.
 */
export const maxRetrySeconds = (functionTimeoutSeconds: number): number =>
  LIMITS.visibilityTimeoutSeconds[1] - functionTimeoutSeconds;

/** The longest total wait of a message that fails `attempts` times (before SQS dead-letters it). */
export const totalBackoffSeconds = (policy: RetryPolicy, attempts: number): number => {
  let total = 0;
  for (let attempt = 1; attempt <= attempts; attempt += 1) total += backoffCeilingSeconds(policy, attempt);
  return total;
};

const isWholeSeconds = (value: unknown): value is number =>
  typeof value === "number" && Number.isInteger(value);

/**
 * The one set of rules for `retry`, shared by the configuration and the CDK construct: whole seconds,
 * 1 ≤ minSeconds ≤ maxSeconds ≤ 43200 − functionTimeoutSeconds, and the waits of `maxReceiveCount` failures
 * below the retention (or messages expire in the queue before they reach the dead-letter queue). A backoff
 * above the visibility timeout is allowed: nothing relies on a failed record returning sooner.
 */
export const checkRetryPolicy = (
  policy: { readonly minSeconds: unknown; readonly maxSeconds: unknown },
  context: RetryContext,
): RetryCheck => {
  const ceiling = maxRetrySeconds(context.functionTimeoutSeconds);
  const { minSeconds, maxSeconds } = policy;
  if (!isWholeSeconds(minSeconds) || minSeconds < 1 || minSeconds > ceiling) {
    const allowed = `an integer from 1 to ${ceiling} (SQS's 43200-second visibility limit − functionTimeoutSeconds ${context.functionTimeoutSeconds})`;
    return { ok: false, problem: { field: "minSeconds", value: minSeconds, allowed } };
  }
  if (!isWholeSeconds(maxSeconds) || maxSeconds < minSeconds || maxSeconds > ceiling) {
    const allowed = `an integer from retry.minSeconds (${minSeconds}) to ${ceiling} (SQS's 43200-second visibility limit − functionTimeoutSeconds ${context.functionTimeoutSeconds})`;
    return { ok: false, problem: { field: "maxSeconds", value: maxSeconds, allowed } };
  }
  const total = totalBackoffSeconds({ minSeconds, maxSeconds }, context.maxReceiveCount);
  if (total < context.retentionSeconds) return { ok: true, policy: { minSeconds, maxSeconds } };
  const allowed =
    `a value whose waits over maxReceiveCount (${context.maxReceiveCount}) failures stay below retentionSeconds ` +
    `(${context.retentionSeconds}); they add up to ${total} s, so messages would expire before reaching the dead-letter queue`;
  return { ok: false, problem: { field: "maxSeconds", value: maxSeconds, allowed } };
};
