import type { SQSBatchResponse, SQSRecord } from "aws-lambda";
import { runGroups } from "../group-order";
import type { Logger } from "../logging/logger";
import { createDeadlineClock } from "./deadline";
import { CompletionUnrecordedError, errorSummary, RecordNotRunError, toError } from "./errors";
import { failureEntry, recordFailures } from "./failure-capture";
import { type PlannedRecord, planGroups } from "./group-plan";
import {
  type FinishResult,
  type GuardBatch,
  type GuardDecision,
  type GuardSession,
  RUN,
} from "./idempotency-port";
import { logOutcome } from "./outcome-log";
import {
  failureReason,
  isReportedFailed,
  type RecordResult,
  skippedResult,
  toRecordOutcome,
} from "./record-result";
import { scheduleRetries } from "./retry-visibility";
import { type RunContext, runRecord } from "./run-record";
import type { ConsumerDefinition, ConsumerDeps } from "./types";

export interface BatchInput {
  readonly records: readonly SQSRecord[];
  /** Unique per invocation, e.g. the Lambda request id plus a random suffix. */
  readonly batchId: string;
  /** `context.getRemainingTimeInMillis()` when the invocation started. */
  readonly budgetMs: number;
}

type Decisions = ReadonlyMap<string, GuardDecision>;

/**
 * One `guard.begin` for the whole batch. A record the guard gave no decision for, or every record when
 * `begin` throws, is `unavailable`: nothing is run that the guard did not claim. No guard: every record runs.
 */
const openSession = async (
  deps: ConsumerDeps,
  batch: GuardBatch,
  planned: readonly PlannedRecord[],
): Promise<{ session?: GuardSession; decisions: Decisions }> => {
  const all = (decision: GuardDecision): Decisions => new Map(planned.map((p) => [p.envelope.id, decision]));
  if (!deps.idempotency) return { decisions: all(RUN) };
  try {
    const records = planned.map(({ envelope: { id, dedupId, groupId, attempt }, positionInGroup }) => ({
      messageId: id,
      dedupId,
      groupId,
      positionInGroup,
      attempt,
    }));
    const session = await deps.idempotency.begin(batch, records);
    const missing = (id: string): GuardDecision => ({
      kind: "unavailable",
      error: new Error(`idempotency guard gave no decision for message ${id}`),
    });
    const decisions = new Map(
      planned.map(({ envelope: { id } }) => [id, session.decisions.get(id) ?? missing(id)]),
    );
    return { session, decisions };
  } catch (cause) {
    const error = toError(cause);
    deps.logger.error("idempotency begin failed; no record is run", {
      batchId: batch.batchId,
      error: errorSummary(error),
    });
    return { decisions: all({ kind: "unavailable", error }) };
  }
};

const finishSafely = async (session: GuardSession, claimed: readonly RecordResult[], logger: Logger) => {
  try {
    return await session.finish(claimed.map(toRecordOutcome));
  } catch (cause) {
    logger.error("idempotency finish failed; claimed records are unrecorded", {
      error: errorSummary(toError(cause)),
    });
    return new Map() as FinishResult;
  }
};

/**
 * A processed record whose completion is not durable is reported failed (the guard contract). Any other
 * unrecorded outcome keeps its result: a failed/skipped record is reported failed anyway, and a dead-lettered
 * one has already left for the dead-letter queue (reporting it failed would dead-letter it twice).
 */
const applyFinish = (
  result: RecordResult,
  finished: FinishResult | undefined,
  logger: Logger,
): RecordResult => {
  const messageId = result.planned.envelope.id;
  if (!finished || !result.claimed || finished.get(messageId) === "recorded") return result;
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

/**
 * The group rule after `finish`: once a record's completion could not be written (reported failed), the later
 * records of its group are reported failed too, so SQS returns them after it and order holds. A later record
 * that was recorded (its own transaction) is then only a `duplicate` on its redelivery.
 */
const holdGroupsBehindUnrecorded = (sorted: readonly RecordResult[]): RecordResult[] => {
  const held = new Set<string>();
  return sorted.map((result) => {
    const { groupId, id } = result.planned.envelope;
    if (result.error instanceof CompletionUnrecordedError) held.add(groupId);
    else if (held.has(groupId) && !isReportedFailed(result) && result.outcome !== "dead-lettered")
      return { ...result, outcome: "failed", error: new CompletionUnrecordedError(id) };
    return result;
  });
};

const failureEntries = (results: readonly RecordResult[], nowMs: number) =>
  results.flatMap((r) => {
    const reason = failureReason(r);
    return reason ? [failureEntry(r.planned.envelope, reason, nowMs)] : [];
  });

/**
 * Runs when time runs low while records still run: the failure entries of every record that failed or has not
 * finished, so that a dead letter still says why if the invocation then times out.
 */
const watchLowTime = (
  run: RunContext<unknown, unknown>,
  planned: readonly PlannedRecord[],
  settled: RecordResult[],
) => {
  let written: Promise<void> | undefined;
  const write = () => {
    const settledIds = new Set(settled.map((r) => r.planned.envelope.id));
    const unfinished = planned
      .filter(({ envelope }) => !settledIds.has(envelope.id))
      .map(({ envelope }) =>
        failureEntry(
          envelope,
          new RecordNotRunError("not finished when the invocation's remaining time ran low"),
          run.now(),
        ),
      );
    written = recordFailures(
      run.deps.failureLog,
      [...failureEntries(settled, run.now()), ...unfinished],
      run.deps.logger,
    );
  };
  const timer = setTimeout(write, Math.max(0, run.clock.remainingMs() - run.clock.safetyMarginMs));
  return async () => {
    clearTimeout(timer);
    await written;
  };
};

/**
 * The batch runner: one `guard.begin`, the groups concurrently under the group rule, each succeeded record
 * committed within the commit interval (and before the deadline) while the others still run; then the last
 * commit and (only when something failed) one failure-log write side by side, one log line per record, the
 * retry backoff of the records reported failed (only when there are some), and the partial batch response
 * (failed and skipped records, in batch order).
 *
 * It never returns while a record's code is still running: a promise left pending when a Lambda function
 * returns resumes in a later invocation of the same container. A handler stuck past the deadline is ended
 * by Lambda with the invocation (which resets the execution environment); what finished before is committed.
 */
export const runBatch = async <TBody, TResult>(
  definition: ConsumerDefinition<TBody, TResult>,
  deps: ConsumerDeps,
  input: BatchInput,
): Promise<SQSBatchResponse> => {
  const now = deps.now ?? Date.now;
  const clock = createDeadlineClock({ now, budgetMs: input.budgetMs, safetyMarginMs: deps.safetyMarginMs });
  const groups = planGroups(input.records, deps.queue);
  const planned = groups.flatMap((group) => group.records);
  const batch: GuardBatch = {
    batchId: input.batchId,
    deadlineMs: clock.deadlineMs,
    commitByMs: clock.deadlineMs - clock.safetyMarginMs,
    nowMs: now(),
  };
  const { session, decisions } = await openSession(deps, batch, planned);
  const run: RunContext<TBody, TResult> = { definition, deps, decisions, session, clock, now };
  const settled: RecordResult[] = [];
  const settle = (result: RecordResult) => {
    settled.push(result);
    return result;
  };
  const lowTimeWritten = watchLowTime(run as RunContext<unknown, unknown>, planned, settled);
  const ran = await runGroups(
    groups.map((group) => group.records),
    {
      run: async (p) => settle(await runRecord(p, run)),
      stops: (result) => result.outcome === "failed",
      skip: (p, blockedBy) =>
        settle(
          skippedResult(
            p,
            decisions.get(p.envelope.id)?.kind === "run",
            blockedBy ? "group-failed" : "deadline",
          ),
        ),
      halted: () => clock.isLow(),
    },
  );
  await lowTimeWritten();
  const all = ran.flat();
  const claimed = all.filter((result) => result.claimed);
  const [finished] = await Promise.all([
    session && claimed.length > 0 ? finishSafely(session, claimed, deps.logger) : undefined,
    recordFailures(deps.failureLog, failureEntries(all, now()), deps.logger),
  ]);
  const finishedResults = all.map((result) => applyFinish(result, finished, deps.logger));
  finishedResults.sort((a, b) => a.planned.index - b.planned.index);
  const results = holdGroupsBehindUnrecorded(finishedResults);
  for (const result of results) logOutcome(deps.logger, result);
  await scheduleRetries(deps.retry, results, clock, deps.logger);
  deps.metrics?.batch(results, now());
  return {
    batchItemFailures: results
      .filter(isReportedFailed)
      .map((result) => ({ itemIdentifier: result.planned.envelope.id })),
  };
};
