import { DeadLetterSendError, RecordNotRunError } from "./errors";
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

const SKIP_REASONS: Record<SkipReason, string> = {
  "group-failed": "an earlier record of its group failed in this batch",
  deadline: "the invocation's remaining time ran low",
};

/**
 * The failure-log reason of a record reported failed: the error `handle` (or `parse`) threw, the guard's
 * busy/unavailable error, or why it was skipped. Every such record gets one, so a dead letter that SQS moves
 * keeps its original dedup id (SQS replaces it). Not a failed dead-letter send: its entry was written before.
 */
export const failureReason = (result: RecordResult): Error | undefined => {
  if (result.outcome === "skipped") {
    return new RecordNotRunError(`not run: ${SKIP_REASONS[result.reason ?? "group-failed"]}`);
  }
  if (result.outcome !== "failed" || result.error instanceof DeadLetterSendError) return undefined;
  return result.error;
};

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
