import type { RetryPolicy } from "../config/types";
import type { Logger } from "../logging/logger";
import type { DeadlineClock } from "./deadline";
import { errorSummary, toError } from "./errors";
import type { RecordResult } from "./record-result";
import { planRetryVisibility, type VisibilityChange } from "./retry-backoff";

/** A change SQS did not make; the record keeps the visibility timeout it was received with. */
export interface VisibilityRefusal {
  readonly messageId: string;
  readonly error: { readonly name: string; readonly message: string };
}

/** The runtime's seam to SQS for retry backoff. */
export interface VisibilityChanger {
  /**
   * Sets each record's visibility timeout (batched as SQS allows) and returns the changes that were not
   * made, whether SQS refused an entry or a whole call failed. `signal` aborts what is still in flight.
   */
  change(changes: readonly VisibilityChange[], signal: AbortSignal): Promise<readonly VisibilityRefusal[]>;
}

/** The queue's retry backoff (`retry` in the configuration); absent from `ConsumerDeps` when `retry: false`. */
export interface RetryBackoff {
  readonly policy: RetryPolicy;
  readonly visibility: VisibilityChanger;
  /** A number in [0, 1) for the jitter. @default Math.random */
  readonly random?: (() => number) | undefined;
}

/** Time left for the runtime to answer after the visibility call (the same reserve as the commit's). */
const RESERVE_MS = 250;
/** Below this much time, the call is not attempted. */
const MIN_CALL_MS = 100;

const NOT_SET = "retry backoff not set; these records wait the queue's visibility timeout";

/** Sends the changes within `budgetMs`; an abort or any failure is a refusal of every change it covered. */
const changeWithin = async (
  visibility: VisibilityChanger,
  changes: readonly VisibilityChange[],
  budgetMs: number,
): Promise<readonly VisibilityRefusal[]> => {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), budgetMs);
  try {
    return await visibility.change(changes, timeout.signal);
  } catch (cause) {
    const error = errorSummary(toError(cause));
    return changes.map(({ messageId }) => ({ messageId, error }));
  } finally {
    clearTimeout(timer);
  }
};

/**
 * After the batch's commit and failure log (so a returning record finds its claim released and a dead letter
 * its `lastError`): sets the retry wait of the records reported failed, in one `VisibilityChanger.change`.
 * Nothing when `retry` is off or nothing failed. Never throws and never changes the batch's answer: a change
 * that is not made only means that record waits the visibility timeout it was received with.
 */
export const scheduleRetries = async (
  backoff: RetryBackoff | undefined,
  results: readonly RecordResult[],
  clock: DeadlineClock,
  logger: Logger,
): Promise<void> => {
  if (!backoff) return;
  const changes = planRetryVisibility(results, backoff.policy, backoff.random);
  if (changes.length === 0) return;
  const budgetMs = clock.remainingMs() - RESERVE_MS;
  if (budgetMs < MIN_CALL_MS) {
    const messageIds = changes.map((change) => change.messageId);
    logger.warn(NOT_SET, { messageIds, reason: "too little time left", remainingMs: clock.remainingMs() });
    return;
  }
  const refused = await changeWithin(backoff.visibility, changes, budgetMs);
  const refusedIds = new Set(refused.map((refusal) => refusal.messageId));
  const set = changes.filter((change) => !refusedIds.has(change.messageId));
  if (set.length > 0) {
    logger.info("retry backoff set", {
      retries: set.map(({ messageId, seconds }) => ({ messageId, seconds })),
    });
  }
  if (refused.length > 0) logger.warn(NOT_SET, { refused });
};
