/**
 * fifoq's idempotency protocol: an exactly-once EFFECT per (queue, dedupId) within the window, in 2 DynamoDB
 * requests per happy batch (begin + finish), instead of 2 per record.
 *
 * ITEMS (one table, key `pk`, TTL `expiresAt` in epoch seconds)
 * - Claim, one per dedupId, `c#<queue>#<dedupId>`: { batchId, slot, messageId, leaseUntil (ms), expiresAt }.
 *   `slot` is the dedupId's index among the batch's claims.
 * - Commit, one per batch (invocation), `b#<queue>#<batchId>`: { state: COMMITTED, done: [slots], expiresAt }
 *   or { state: ABORTED, expiresAt }. A single-assignment register (put if absent): either the owner commits
 *   or a taker-over aborts, never both, and it never changes afterwards.
 *
 * STATE OF A dedupId (its claim, and the commit of the batch B that holds the claim)
 * - FREE      no claim, or the claim's window is over.
 * - HELD      commit(B) absent, now < leaseUntil: B may be running it.            → `busy`
 * - ORPHANED  commit(B) absent, lease over: B is gone (past its deadline).        → abort B, then RELEASED
 * - DONE      commit(B) COMMITTED with the claim's slot in `done`.                → `duplicate`
 * - RELEASED  commit(B) COMMITTED without the slot (failed, skipped, dead-lettered), or ABORTED. → take over
 *
 * TRANSITIONS
 * - begin: ONE BatchExecuteStatement of INSERTs (put-if-absent) of every claim. Inserted → HELD by us → `run`.
 *   Already there (off the happy path): read those claims, then the commits of their batches (both strongly
 *   consistent), and judge (judge.ts). ORPHANED: write B's ABORTED (conditional); if B committed just before,
 *   judge again with B's commit. RELEASED or window over: one conditional UPDATE per claim `WHERE batchId = B`
 *   (one BatchExecuteStatement for all) → `run`; a lost race (another taker moved the claim) → `busy`.
 * - finish: ONE put-if-absent write of our COMMITTED listing the slots that succeeded. Everything else we
 *   claimed is thereby released. Dead-lettered records are NOT done: their effect was not applied, and a
 *   redrive must run them. If our batch was ABORTED meanwhile, nothing is recorded: every succeeded record is
 *   `unrecorded` (reported failed) and the winner is never overwritten. A store error is retried while the
 *   deadline allows; if it still fails the commit is kept and written at the next begin (late-commits.ts).
 *   Nothing claimed → no write.
 *
 * LEASE = the invocation deadline + `leaseGraceMs` (clock skew between hosts, effects in flight at the kill).
 * The record's budget is the invocation's remaining time: the runtime runs a record for as long as the
 * invocation lives, so any shorter per-record slice could expire while the first attempt is still alive and
 * let a duplicate copy run beside it. Nothing is gained by a shorter lease either: SQS redelivers a crashed
 * batch only after the visibility timeout (≥ 6× the function timeout), when the deadline is long past. So a
 * crash never blocks a dedupId for the window, and a live holder is never taken over.
 *
 * TTL: claim = max(now + window, lease); commit = max(now + window, its claims' TTL), so a live claim never
 * points at a vanished commit. An expired claim that DynamoDB has not deleted yet counts as FREE.
 *
 * COSTS (items < 1 KB: pk ≤ 200 B, the commit lists slot numbers, not dedupIds)
 * - Happy batch of 10, in 10 groups or in 1 group alike: 2 requests; 10 WCU (inserts) + 1 WCU (commit)
 *   = 1.1 WCU per message; no reads. (Powertools: 20 requests, 2 WCU per message.)
 * - The same 10 redelivered, all done: 3 requests (inserts refused, which still cost 10 WCU; claims read
 *   10 RCU; commits read 1 RCU per old batch), no write in finish.
 * - Redelivery after a crash (lease over): 5 requests + 1 per old batch (abort), then finish: 1.
 *
 * SAME dedupId TWICE IN A BATCH (re-published after SQS's 5-minute window): the first record claims it, the
 * repeat follows: `duplicate` or `unavailable` like the first, otherwise `busy` (SQS retries it; by then the
 * first's outcome is recorded).
 *
 * LIMITS (inherent to any store that is not in the effect's transaction): an effect applied whose commit
 * never lands (crash between handle and finish, or the store down until the deadline and the container gone)
 * is applied again by a redelivery after the lease. An in-progress batch is only known gone by its lease.
 */
import type {
  FinishResult,
  GuardBatch,
  GuardDecision,
  GuardRecord,
  IdempotencyGuard,
  RecordOutcome,
} from "../consumer/idempotency-port";
import type { Logger } from "../logging/logger";
import { beginBatch } from "./begin";
import { IdempotencyError } from "./errors";
import { type ClaimedBatch, finishBatch } from "./finish";
import { createLateCommits } from "./late-commits";
import type { ProtocolDeps } from "./protocol-deps";
import type { IdempotencyStore } from "./store-port";

export interface IdempotencyGuardOptions {
  readonly queue: string;
  /** Seconds during which an applied effect is not applied again. */
  readonly windowSeconds: number;
  readonly logger: Logger;
  /** Measures the time finish spends retrying (the protocol's "now" is `batch.nowMs`). @default Date.now */
  readonly clock?: () => number;
  /** Added to the invocation deadline to form the lease. @default 2000 */
  readonly leaseGraceMs?: number;
  /** Attempts at writing the commit in finish, within the deadline. @default 3 */
  readonly commitAttempts?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const toDeps = (store: IdempotencyStore, options: IdempotencyGuardOptions): ProtocolDeps => {
  if (!Number.isInteger(options.windowSeconds) || options.windowSeconds <= 0) {
    throw new IdempotencyError(`windowSeconds = ${options.windowSeconds} is not allowed; a positive integer`);
  }
  return {
    store,
    queue: options.queue,
    windowSeconds: options.windowSeconds,
    leaseGraceMs: options.leaseGraceMs ?? 2000,
    commitAttempts: options.commitAttempts ?? 3,
    logger: options.logger.child({ component: "idempotency", queue: options.queue }),
    clock: options.clock ?? Date.now,
    sleep: options.sleep ?? sleepFor,
  };
};

/** The protocol over any `IdempotencyStore`. Keeps, per batch in flight, what begin claimed for finish. */
export const createIdempotencyGuard = (
  store: IdempotencyStore,
  options: IdempotencyGuardOptions,
): IdempotencyGuard => {
  const deps = toDeps(store, options);
  const lateCommits = createLateCommits(deps);
  const inFlight = new Map<string, ClaimedBatch & { readonly leaseUntilMs: number }>();
  return {
    async begin(
      batch: GuardBatch,
      records: readonly GuardRecord[],
    ): Promise<ReadonlyMap<string, GuardDecision>> {
      for (const [id, held] of inFlight) if (held.leaseUntilMs <= batch.nowMs) inFlight.delete(id);
      await lateCommits.flush(batch.nowMs);
      const state = await beginBatch(deps, batch, records);
      if (state.claimed.size > 0) {
        inFlight.set(batch.batchId, { ...state, leaseUntilMs: batch.deadlineMs + deps.leaseGraceMs });
      }
      return state.decisions;
    },
    async finish(batch: GuardBatch, outcomes: readonly RecordOutcome[]): Promise<FinishResult> {
      const claimed = inFlight.get(batch.batchId);
      inFlight.delete(batch.batchId);
      return finishBatch(deps, lateCommits, batch, claimed, outcomes);
    },
  };
};
