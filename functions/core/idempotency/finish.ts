import type { FinishResult, GuardBatch, RecordOutcome } from "../consumer/idempotency-port";
import { StoreError, StoreRejectedError } from "./errors";
import { commitKey } from "./keys";
import type { LateCommits } from "./late-commits";
import { type ProtocolDeps, windowEndS } from "./protocol-deps";
import type { Commit, CommitResult } from "./store-port";

/** What begin claimed for the batch. */
export interface ClaimedBatch {
  readonly claimed: ReadonlyMap<string, number>;
  readonly maxExpiresAtS: number;
}

type Committed = Extract<Commit, { state: "COMMITTED" }>;

const RETRY_BASE_MS = 50;
/** Time left for the runtime to answer after the last attempt. */
const RESERVE_MS = 250;

/** The slots whose completion is durable; none when our batch was aborted before its commit. */
const recordedSlots = (deps: ProtocolDeps, key: string, result: CommitResult, commit: Committed) => {
  if (result.kind === "written") return commit.doneSlots;
  // Only this batch commits its own key: an existing COMMITTED is our own write replayed by an SDK retry.
  if (result.current.state === "COMMITTED") return result.current.doneSlots;
  deps.logger.warn("batch was aborted before its commit", { commitKey: key });
  return [];
};

/**
 * Writes the commit; a store failure is retried while the deadline allows (time is the batch's `nowMs` plus
 * what the clock says has elapsed since). `undefined`: not written.
 */
const writeCommit = async (
  deps: ProtocolDeps,
  key: string,
  commit: Committed,
  batch: GuardBatch,
): Promise<CommitResult | undefined> => {
  const startedMs = deps.clock();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await deps.store.putCommit(key, commit);
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      const delayMs = RETRY_BASE_MS * 2 ** (attempt - 1);
      const nowMs = batch.nowMs + (deps.clock() - startedMs);
      const late = nowMs + delayMs + RESERVE_MS >= batch.deadlineMs;
      if (error instanceof StoreRejectedError || attempt >= deps.commitAttempts || late) {
        deps.logger.warn("commit not written", {
          commitKey: key,
          attempt,
          error: error.message,
        });
        return undefined;
      }
      await deps.sleep(delayMs);
    }
  }
};

const answer = (outcomes: readonly RecordOutcome[], recorded: (messageId: string) => boolean): FinishResult =>
  new Map(
    outcomes.map((o) => [
      o.messageId,
      o.status !== "succeeded" || recorded(o.messageId) ? "recorded" : "unrecorded",
    ]),
  );

/**
 * One put-if-absent write of the batch's commit: the done slots (succeeded only; failed, skipped and
 * dead-lettered are released so a retry or a redrive runs them). Outcomes other than `succeeded` are always
 * `recorded`: no effect was applied, and their claim is released by the commit or, failing that, by the lease.
 */
export const finishBatch = async (
  deps: ProtocolDeps,
  lateCommits: LateCommits,
  batch: GuardBatch,
  claimed: ClaimedBatch | undefined,
  outcomes: readonly RecordOutcome[],
): Promise<FinishResult> => {
  if (!claimed || claimed.claimed.size === 0) return answer(outcomes, () => false);
  const slotOf = (messageId: string) => claimed.claimed.get(messageId);
  const doneSlots = outcomes.flatMap((o) => {
    const slot = o.status === "succeeded" ? slotOf(o.messageId) : undefined;
    return slot === undefined ? [] : [slot];
  });
  const expiresAtS = Math.max(windowEndS(batch.nowMs, deps.windowSeconds), claimed.maxExpiresAtS);
  const commit: Committed = { state: "COMMITTED", doneSlots: doneSlots.sort((a, b) => a - b), expiresAtS };
  const key = commitKey(deps.queue, batch.batchId);
  const result = await writeCommit(deps, key, commit, batch);
  if (!result) lateCommits.add(key, commit);
  const done = new Set(result ? recordedSlots(deps, key, result, commit) : []);
  return answer(outcomes, (messageId) => {
    const slot = slotOf(messageId);
    return slot !== undefined && done.has(slot);
  });
};
