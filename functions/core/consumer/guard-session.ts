import type { Logger } from "../logging/logger";
import { CompletionUnrecordedError, errorSummary, toError } from "./errors";
import type { PlannedRecord } from "./group-plan";
import type {
  FinishResult,
  GuardBatch,
  GuardDecision,
  GuardRecord,
  IdempotencyGuard,
} from "./idempotency-port";
import { type RecordResult, toRecordOutcome } from "./record-result";

export type Decisions = ReadonlyMap<string, GuardDecision>;

const RUN: GuardDecision = { kind: "run" };

const toGuardRecord = ({ envelope, positionInGroup }: PlannedRecord): GuardRecord => ({
  messageId: envelope.id,
  dedupId: envelope.dedupId,
  groupId: envelope.groupId,
  positionInGroup,
});

const allAs = (records: readonly PlannedRecord[], decision: GuardDecision): Decisions =>
  new Map(records.map(({ envelope }) => [envelope.id, decision]));

/**
 * One `guard.begin` for the whole batch. A record the guard gave no decision for, or every record when
 * `begin` throws, is `unavailable`: nothing is run that the guard did not claim.
 */
export const beginBatch = async (
  guard: IdempotencyGuard | undefined,
  batch: GuardBatch,
  records: readonly PlannedRecord[],
  logger: Logger,
): Promise<Decisions> => {
  if (!guard) return allAs(records, RUN);
  let given: ReadonlyMap<string, GuardDecision>;
  try {
    given = await guard.begin(batch, records.map(toGuardRecord));
  } catch (cause) {
    const error = toError(cause);
    logger.error("idempotency begin failed; no record is run", {
      batchId: batch.batchId,
      error: errorSummary(error),
    });
    return allAs(records, { kind: "unavailable", error });
  }
  const missing = (id: string): GuardDecision => ({
    kind: "unavailable",
    error: new Error(`idempotency guard gave no decision for message ${id}`),
  });
  return new Map(records.map(({ envelope: { id } }) => [id, given.get(id) ?? missing(id)]));
};

const finishSafely = async (
  guard: IdempotencyGuard,
  batch: GuardBatch,
  claimed: readonly RecordResult[],
  logger: Logger,
): Promise<FinishResult> => {
  try {
    return await guard.finish(batch, claimed.map(toRecordOutcome));
  } catch (cause) {
    const error = errorSummary(toError(cause));
    logger.error("idempotency finish failed; claimed records are unrecorded", {
      batchId: batch.batchId,
      error,
    });
    return new Map();
  }
};

/**
 * A processed record whose completion is not durable is reported failed (the guard contract). Any other
 * unrecorded outcome keeps its result: a failed/skipped record is reported failed anyway, and a dead-lettered
 * one has already left for the dead-letter queue (reporting it failed would dead-letter it twice).
 */
const applyFinish = (result: RecordResult, status: string | undefined, logger: Logger): RecordResult => {
  if (status === "recorded") return result;
  const messageId = result.planned.envelope.id;
  if (result.outcome !== "processed") {
    logger.warn("idempotency release not recorded; outcome unchanged", {
      messageId,
      outcome: result.outcome,
    });
    return result;
  }
  logger.error("completion not recorded; reporting the record failed", { messageId });
  return { ...result, outcome: "failed", error: new CompletionUnrecordedError(messageId) };
};

/** One `guard.finish` with the outcomes of the claimed records (none when nothing was claimed). */
export const finishBatch = async (
  guard: IdempotencyGuard | undefined,
  batch: GuardBatch,
  results: readonly RecordResult[],
  logger: Logger,
): Promise<RecordResult[]> => {
  const claimed = results.filter((result) => result.claimed);
  if (!guard || claimed.length === 0) return [...results];
  const finished = await finishSafely(guard, batch, claimed, logger);
  return results.map((result) =>
    result.claimed ? applyFinish(result, finished.get(result.planned.envelope.id), logger) : result,
  );
};
