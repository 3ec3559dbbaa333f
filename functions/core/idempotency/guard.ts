/**
 * fifoq's idempotency protocol: an exactly-once EFFECT per idempotency key (`store-port.ts` `claimKey`)
 * within the window, in 2 DynamoDB requests per happy batch (claim + commit) instead of 2 per record. The
 * state table and its reasoning are in the README ("Exactly-once effect"); in short:
 *
 * ITEMS (one table, key `pk`, TTL `expiresAt`)
 * - Claim per key `c#…`: { batchId B, slot, messageId, leaseUntil, expiresAt, done? }. `done` is set only by
 *   the record's own transaction (staged writes), on condition that B still holds the claim.
 * - Commit per batch `b#<queue>#<B>`: { done: set of slots, final?, aborted?, expiresAt }. Slots are added
 *   only while it is not aborted; B seals it `final` after its last record, a taker-over seals it `aborted`.
 *
 * A KEY HELD BY B IS
 * - DONE      claim.done, or its slot in commit(B).done                            → `duplicate`
 * - RELEASED  not done, commit(B) sealed (final or aborted)                         → take over, `run`
 * - HELD      not done, commit(B) not sealed, now < leaseUntil                      → `busy`
 * - ORPHANED  not done, commit(B) not sealed, lease over: B is gone                 → abort B, judge again
 * - FREE      no claim, or its window is over                                       → claim, `run`
 *
 * SINGLE ASSIGNMENT: a slot enters commit(B).done only by a write conditional on "not aborted", and the
 * abort returns the set as it is at that moment; a claim's `done` is set only while B holds it, and a
 * take-over replaces it only while B holds it and it is not done. Each pair is one item, so DynamoDB orders
 * the two writes and exactly one of owner and taker-over wins, whatever the timing.
 */

import type { DedupScope } from "../config/types";
import {
  BUSY,
  type GuardBatch,
  type GuardDecision,
  type GuardRecord,
  type IdempotencyGuard,
  RUN,
} from "../consumer/idempotency-port";
import type { Logger } from "../logging/logger";
import { sendClaimWrites } from "./claim-writes";
import { type ClaimedBatch, createLateCommits, openSession } from "./commit-session";
import { IdempotencyError } from "./errors";
import { resolveContested } from "./resolve-contested";
import {
  type Claim,
  type ClaimResult,
  type ClaimWrite,
  claimKey,
  type IdempotencyStore,
  type ProtocolDeps,
  windowEndS,
} from "./store-port";

export interface IdempotencyGuardOptions {
  readonly queue: string;
  /** The queue's deduplication scope; the key follows it. */
  readonly scope: DedupScope;
  /** Seconds during which an applied effect is not applied again. */
  readonly windowSeconds: number;
  readonly logger: Logger;
  /** Epoch ms. @default Date.now */
  readonly clock?: () => number;
  /** Added to the invocation deadline to form the lease. @default 2000 */
  readonly leaseGraceMs?: number;
  /** Attempts at each commit write, within the deadline. @default 3 */
  readonly commitAttempts?: number;
  /** The longest a succeeded record waits for its commit. @default DEFAULT_COMMIT_INTERVAL_MS */
  readonly commitIntervalMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** 1 s: a batch whose records all finish within a second of the first costs one commit write. */
export const DEFAULT_COMMIT_INTERVAL_MS = 1000;

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const toDeps = (store: IdempotencyStore, options: IdempotencyGuardOptions): ProtocolDeps => {
  if (!Number.isInteger(options.windowSeconds) || options.windowSeconds <= 0) {
    throw new IdempotencyError(`windowSeconds = ${options.windowSeconds} is not allowed; a positive integer`);
  }
  return {
    store,
    queue: options.queue,
    scope: options.scope,
    windowSeconds: options.windowSeconds,
    leaseGraceMs: options.leaseGraceMs ?? 2000,
    commitAttempts: options.commitAttempts ?? 3,
    commitIntervalMs: options.commitIntervalMs ?? DEFAULT_COMMIT_INTERVAL_MS,
    logger: options.logger.child({ component: "idempotency", queue: options.queue }),
    clock: options.clock ?? Date.now,
    sleep: options.sleep ?? sleepFor,
  };
};

const newClaim = (deps: ProtocolDeps, batch: GuardBatch, record: GuardRecord, slot: number): Claim => {
  const leaseUntilMs = batch.deadlineMs + deps.leaseGraceMs;
  return {
    batchId: batch.batchId,
    slot,
    messageId: record.messageId,
    leaseUntilMs,
    expiresAtS: Math.max(windowEndS(batch.nowMs, deps.windowSeconds), Math.ceil(leaseUntilMs / 1000)),
    done: false,
    attempts: record.attempt,
  };
};

/** One put-if-absent per key; only contested claims cost more (resolve-contested.ts). claimKey → decision. */
const claimAll = async (deps: ProtocolDeps, batch: GuardBatch, writes: readonly ClaimWrite[]) => {
  const decided = new Map<string, GuardDecision>();
  if (writes.length === 0) return decided;
  const contested: ClaimWrite[] = [];
  const decide = (write: ClaimWrite, result: ClaimResult | undefined) => {
    if (result?.kind === "claimed") return RUN;
    contested.push(write);
    return undefined;
  };
  await sendClaimWrites(writes, (all) => deps.store.claimAll(all), decide, decided);
  if (contested.length === 0) return decided;
  for (const [key, decision] of await resolveContested(deps, batch, contested)) decided.set(key, decision);
  return decided;
};

/**
 * Claims the batch in one round trip. The first record of each key claims it; a repeat of a key within the
 * batch (re-published after SQS's 5-minute window) may not run beside its first: it follows the first's
 * `duplicate` or `unavailable`, else it is `busy` (SQS retries it once the first is recorded).
 */
const claimBatch = async (
  deps: ProtocolDeps,
  batch: GuardBatch,
  records: readonly GuardRecord[],
): Promise<ClaimedBatch> => {
  const firsts = new Map<string, ClaimWrite>();
  const keyOf = new Map<string, string>();
  for (const record of records) {
    const key = claimKey(deps.queue, deps.scope, record);
    keyOf.set(record.messageId, key);
    if (!firsts.has(key)) firsts.set(key, { key, claim: newClaim(deps, batch, record, firsts.size) });
  }
  const byKey = await claimAll(deps, batch, [...firsts.values()]);
  const decisions = new Map<string, GuardDecision>();
  const claimed = new Map<string, { key: string; slot: number }>();
  let maxExpiresAtS = 0;
  for (const { messageId } of records) {
    const key = keyOf.get(messageId) ?? "";
    const first = firsts.get(key);
    const decision = byKey.get(key) ?? BUSY;
    const isFirst = first?.claim.messageId === messageId;
    decisions.set(messageId, isFirst || decision.kind !== "run" ? decision : BUSY);
    if (!isFirst || decision.kind !== "run" || !first) continue;
    claimed.set(messageId, { key, slot: first.claim.slot });
    maxExpiresAtS = Math.max(maxExpiresAtS, first.claim.expiresAtS);
  }
  return { decisions, claimed, maxExpiresAtS };
};

/** The protocol over any `IdempotencyStore`: `begin` claims and opens the batch's commit session. */
export const createIdempotencyGuard = (
  store: IdempotencyStore,
  options: IdempotencyGuardOptions,
): IdempotencyGuard => {
  const deps = toDeps(store, options);
  const late = createLateCommits(deps);
  return {
    async begin(batch, records) {
      await late.flush(batch.nowMs);
      return openSession(deps, late, batch, await claimBatch(deps, batch, records));
    },
  };
};
