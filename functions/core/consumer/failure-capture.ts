import type { FailureLog, FailureRecord } from "../dead-letters/failure-log";
import type { Logger } from "../logging/logger";
import { errorSummary, toError } from "./errors";
import { messageIdentity } from "./message";
import type { MessageEnvelope } from "./types";

/** What the runtime needs of the failure log (the recorder is the one that reads it). */
export type FailureWriter = Pick<FailureLog, "record">;

/** The failure log entry of a record whose `handle` (or `parse`) threw, keyed by its ORIGINAL dedup id. */
export const failureEntry = (envelope: MessageEnvelope, error: Error, nowMs: number): FailureRecord => ({
  ...messageIdentity(envelope),
  error: errorSummary(error),
  at: new Date(nowMs).toISOString(),
  sentAt: envelope.sentAt.getTime() > 0 ? envelope.sentAt.toISOString() : undefined,
});

/**
 * Writes failure entries (one `record` call). Never throws: the entries only give a later dead letter its
 * `lastError`, so a failed write is logged and the records' outcomes stand.
 */
export const recordFailures = async (
  log: FailureWriter | undefined,
  entries: readonly FailureRecord[],
  logger: Logger,
): Promise<void> => {
  if (!log || entries.length === 0) return;
  try {
    await log.record(entries);
  } catch (cause) {
    logger.warn("failure log not written; a dead letter of these messages would have no lastError", {
      messageIds: entries.map((entry) => entry.messageId),
      error: errorSummary(toError(cause)),
    });
  }
};
