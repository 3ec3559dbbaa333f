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
export const toRecordOutcome = (result: RecordResult): RecordOutcome => {
  const messageId = result.planned.envelope.id;
  const error = result.error ?? new Error(result.outcome);
  switch (result.outcome) {
    case "processed":
    case "duplicate":
      return { messageId, status: "succeeded" };
    case "failed":
      return { messageId, status: "failed", error };
    case "dead-lettered":
      return { messageId, status: "dead-lettered", error };
    case "skipped":
      return { messageId, status: "skipped" };
  }
};
