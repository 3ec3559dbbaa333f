import type { Logger, LogLevel } from "../logging/logger";
import { errorSummary } from "./errors";
import { messageIdentity } from "./message";
import type { RecordResult } from "./record-result";
import type { Outcome } from "./types";

const LEVELS: Record<Outcome, LogLevel> = {
  processed: "info",
  duplicate: "info",
  skipped: "warn",
  failed: "warn",
  "dead-lettered": "error",
};

/** The one line per record outcome of the contract ("Logs"). Never the body. */
export const outcomeFields = ({
  planned: { envelope },
  outcome,
  durationMs,
  error,
  reason,
}: RecordResult) => ({
  outcome,
  ...messageIdentity(envelope),
  durationMs,
  ...(error ? { error: errorSummary(error) } : {}),
  ...(reason ? { reason } : {}),
});

export const logOutcome = (logger: Logger, result: RecordResult): void => {
  logger[LEVELS[result.outcome]]("fifoq record outcome", outcomeFields(result));
};
