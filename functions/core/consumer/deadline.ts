/** The invocation's time budget, read from an injectable clock. */
export interface DeadlineClock {
  /** Epoch ms at which the invocation must be finished. */
  readonly deadlineMs: number;
  readonly safetyMarginMs: number;
  remainingMs(): number;
  /** True once less than the safety margin is left: no new record is started. */
  isLow(): boolean;
}

const MIN_MARGIN_MS = 1000;
const MARGIN_SHARE = 0.1;

/**
 * Default safety margin: 10% of the budget but at least 1 s (time for `guard.finish` and the response),
 * and never more than half the budget, so a 1-second function still runs records.
 */
export const defaultSafetyMarginMs = (budgetMs: number): number =>
  Math.min(Math.max(MIN_MARGIN_MS, Math.ceil(budgetMs * MARGIN_SHARE)), Math.floor(budgetMs / 2));

export const createDeadlineClock = (input: {
  readonly now: () => number;
  readonly budgetMs: number;
  readonly safetyMarginMs?: number | undefined;
}): DeadlineClock => {
  const deadlineMs = input.now() + input.budgetMs;
  const safetyMarginMs = input.safetyMarginMs ?? defaultSafetyMarginMs(input.budgetMs);
  const remainingMs = () => Math.max(0, deadlineMs - input.now());
  return { deadlineMs, safetyMarginMs, remainingMs, isLow: () => remainingMs() < safetyMarginMs };
};
