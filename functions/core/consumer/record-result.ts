import { DeadLetterSendError } from "./errors";
import type { PlannedRecord } from "./group-plan";
import type { RecordOutcome } from "./idempotency-port";
import type { Outcome, SkipReason } from "./types";

/** What happened to one record in this invocation. */
export interface RecordResult {
  readonly planned: PlannedRecord;
  readonly outcome: Outcome;
  readonly durationMs: number;
  /** The guard decided `run` (or idempotency is off): the outcome goes to `guard.finish`. */
  readonly claimed: boolean;
  readonly error?: Error | undefined;
  readonly reason?: SkipReason | undefined;
}

/** A failed or skipped record is returned in `batchItemFailures`, so SQS delivers it again. */
export const isReportedFailed = (result: RecordResult): boolean =>
  result.outcome === "failed" || result.outcome === "skipped";

/**
 * `handle` (or `parse`) ran and threw a retryable error: its reason goes to the failure log. Not a record that
 * never ran (busy, unavailable, skipped), nor a failed dead-letter send (its entry was written before it).
 */
export const isHandleFailure = (result: RecordResult): result is RecordResult & { readonly error: Error } =>
  result.outcome === "failed" && result.claimed && !(result.error instanceof DeadLetterSendError);

export const skippedResult = (
  planned: PlannedRecord,
  claimed: boolean,
  reason: SkipReason,
): RecordResult => ({
  planned,
  outcome: "skipped",
  durationMs: 0,
  claimed,
  reason,
});

/** The port's view of a claimed record's outcome. */
export const toRecordOutcome = ({
  planned,
  outcome,
  error = new Error(outcome),
}: RecordResult): RecordOutcome => {
  const messageId = planned.envelope.id;
  if (outcome === "failed" || outcome === "dead-lettered") return { messageId, status: outcome, error };
  return { messageId, status: outcome === "skipped" ? "skipped" : "succeeded" };
};
