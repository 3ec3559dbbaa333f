import type { SQSBatchResponse, SQSRecord } from "aws-lambda";
import { createDeadlineClock } from "./deadline";
import { failureEntry, recordFailures } from "./failure-capture";
import { planGroups, type RecordGroup } from "./group-plan";
import { beginBatch, finishBatch } from "./guard-session";
import type { GuardBatch } from "./idempotency-port";
import { logOutcome } from "./outcome-log";
import { failureReason, isReportedFailed, type RecordResult, skippedResult } from "./record-result";
import { scheduleRetries } from "./retry-visibility";
import { type RunContext, runRecord } from "./run-record";
import type { ConsumerDefinition, ConsumerDeps, SkipReason } from "./types";

export interface BatchInput {
  readonly records: readonly SQSRecord[];
  /** Unique per invocation, e.g. the Lambda request id plus a random suffix. */
  readonly batchId: string;
  /** `context.getRemainingTimeInMillis()` when the invocation started. */
  readonly budgetMs: number;
}

/**
 * Runs a group's records one after another. After a failure the rest of the group is skipped (order is
 * kept); once time runs low no record is started. A dead-lettered or duplicate record lets the group go on.
 */
export const runGroup = async <TBody, TResult>(
  group: RecordGroup,
  run: RunContext<TBody, TResult>,
): Promise<RecordResult[]> => {
  const results: RecordResult[] = [];
  let blocked: SkipReason | undefined;
  for (const planned of group.records) {
    if (!blocked && run.clock.isLow()) blocked = "deadline";
    if (blocked) {
      const claimed = run.decisions.get(planned.envelope.id)?.kind === "run";
      results.push(skippedResult(planned, claimed, blocked));
      continue;
    }
    const result = await runRecord(planned, run);
    results.push(result);
    if (result.outcome === "failed") blocked = "group-failed";
  }
  return results;
};

/**
 * The batch runner: one `guard.begin`, the groups concurrently, then one `guard.finish` and (only when a
 * `handle` failed) one failure-log write side by side, one log line per record, the retry backoff of the
 * records reported failed (only when there are some), and the partial batch response (failed and skipped
 * records, in batch order).
 */
export const runBatch = async <TBody, TResult>(
  definition: ConsumerDefinition<TBody, TResult>,
  deps: ConsumerDeps,
  input: BatchInput,
): Promise<SQSBatchResponse> => {
  const now = deps.now ?? Date.now;
  const clock = createDeadlineClock({ now, budgetMs: input.budgetMs, safetyMarginMs: deps.safetyMarginMs });
  const groups = planGroups(input.records, deps.queue);
  const batch = (): GuardBatch => ({ batchId: input.batchId, deadlineMs: clock.deadlineMs, nowMs: now() });
  const planned = groups.flatMap((group) => group.records);
  const decisions = await beginBatch(deps.idempotency, batch(), planned, deps.logger);
  const run: RunContext<TBody, TResult> = { definition, deps, decisions, clock, now };
  const ran = (await Promise.all(groups.map((group) => runGroup(group, run)))).flat();
  const failedAt = now();
  const failures = ran.flatMap((r) => {
    const reason = failureReason(r);
    return reason ? [failureEntry(r.planned.envelope, reason, failedAt)] : [];
  });
  const [results] = await Promise.all([
    finishBatch(deps.idempotency, batch(), ran, deps.logger),
    recordFailures(deps.failureLog, failures, deps.logger),
  ]);
  results.sort((a, b) => a.planned.index - b.planned.index);
  for (const result of results) logOutcome(deps.logger, result);
  await scheduleRetries(deps.retry, results, clock, deps.logger);
  deps.metrics?.batch(results, now());
  return {
    batchItemFailures: results
      .filter(isReportedFailed)
      .map((result) => ({ itemIdentifier: result.planned.envelope.id })),
  };
};
