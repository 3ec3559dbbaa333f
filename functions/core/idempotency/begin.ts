import type { GuardBatch, GuardDecision, GuardRecord } from "../consumer/idempotency-port";
import { claimKey } from "./keys";
import { BUSY, type ProtocolDeps, RUN, unavailable, windowEndS } from "./protocol-deps";
import { resolveContested } from "./resolve-contested";
import type { Claim, ClaimResult, ClaimWrite } from "./store-port";

/** What begin leaves for finish. */
export interface BeginState {
  readonly decisions: ReadonlyMap<string, GuardDecision>;
  /** messageId → slot, for the records decided `run`. */
  readonly claimed: ReadonlyMap<string, number>;
  /** The latest TTL among this batch's claims; the commit must outlive them. */
  readonly maxExpiresAtS: number;
}

interface Candidate {
  readonly record: GuardRecord;
  readonly write: ClaimWrite;
}

/** The first record of each dedupId claims; a repeat of a dedupId within the batch follows its first. */
const splitRepeats = (records: readonly GuardRecord[]) => {
  const firsts = new Map<string, GuardRecord>();
  const repeats: GuardRecord[] = [];
  for (const record of records) {
    if (firsts.has(record.dedupId)) repeats.push(record);
    else firsts.set(record.dedupId, record);
  }
  return { firsts: [...firsts.values()], repeats };
};

const newClaim = (deps: ProtocolDeps, batch: GuardBatch, record: GuardRecord, slot: number): Claim => {
  const leaseUntilMs = batch.deadlineMs + deps.leaseGraceMs;
  return {
    batchId: batch.batchId,
    slot,
    messageId: record.messageId,
    leaseUntilMs,
    expiresAtS: Math.max(windowEndS(batch.nowMs, deps.windowSeconds), Math.ceil(leaseUntilMs / 1000)),
  };
};

/** A repeat may not run beside its first (it could apply the effect twice); it is retried by SQS. */
const followFirst = (first: GuardDecision | undefined): GuardDecision =>
  first === undefined || first.kind === "run" ? BUSY : first;

const decideCandidates = async (deps: ProtocolDeps, batch: GuardBatch, candidates: readonly Candidate[]) => {
  const decided = new Map<string, GuardDecision>();
  if (candidates.length === 0) return decided;
  let results: readonly ClaimResult[];
  try {
    results = await deps.store.claimAll(candidates.map((candidate) => candidate.write));
  } catch (error) {
    const decision = unavailable(error);
    for (const candidate of candidates) decided.set(candidate.write.key, decision);
    return decided;
  }
  const contested: ClaimWrite[] = [];
  candidates.forEach(({ write }, index) => {
    const result = results[index];
    if (result?.kind === "claimed") decided.set(write.key, RUN);
    else if (result?.kind === "unavailable")
      decided.set(write.key, { kind: "unavailable", error: result.error });
    else contested.push(write);
  });
  const resolved = contested.length > 0 ? await resolveContested(deps, batch, contested) : new Map();
  for (const [key, decision] of resolved) decided.set(key, decision);
  return decided;
};

/** Claims every record in one round trip; only contested claims cost more (see resolve-contested.ts). */
export const beginBatch = async (
  deps: ProtocolDeps,
  batch: GuardBatch,
  records: readonly GuardRecord[],
): Promise<BeginState> => {
  const { firsts, repeats } = splitRepeats(records);
  const candidates = firsts.map((record, slot) => ({
    record,
    write: { key: claimKey(deps.queue, record.dedupId), claim: newClaim(deps, batch, record, slot) },
  }));
  const byKey = await decideCandidates(deps, batch, candidates);
  const decisions = new Map<string, GuardDecision>();
  const claimed = new Map<string, number>();
  let maxExpiresAtS = 0;
  for (const { record, write } of candidates) {
    const decision = byKey.get(write.key) ?? BUSY;
    decisions.set(record.messageId, decision);
    if (decision.kind !== "run") continue;
    claimed.set(record.messageId, write.claim.slot);
    maxExpiresAtS = Math.max(maxExpiresAtS, write.claim.expiresAtS);
  }
  for (const record of repeats) {
    decisions.set(record.messageId, followFirst(byKey.get(claimKey(deps.queue, record.dedupId))));
  }
  return { decisions, claimed, maxExpiresAtS };
};
