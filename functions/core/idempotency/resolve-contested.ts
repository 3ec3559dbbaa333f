import type { GuardBatch, GuardDecision } from "../consumer/idempotency-port";
import { StoreError } from "./errors";
import { type JudgeContext, judge, type Verdict } from "./judge";
import { commitKey } from "./keys";
import { BUSY, DUPLICATE, type ProtocolDeps, RUN, unavailable, windowEndS } from "./protocol-deps";
import type { Claim, ClaimWrite, Commit, TakeOverWrite } from "./store-port";

/** batchId → its commit (`undefined`: read, absent). A batchId not in the map was not read. */
type Commits = Map<string, Commit | undefined>;

const commitOf = (commits: Commits, batchId: string) => (commits.has(batchId) ? commits.get(batchId) : null);

const readNeededCommits = async (deps: ProtocolDeps, claims: readonly Claim[], context: JudgeContext) => {
  const batchIds = [
    ...new Set(claims.filter((c) => judge(c, null, context) === "need-commit").map((c) => c.batchId)),
  ];
  const commits: Commits = new Map();
  if (batchIds.length === 0) return commits;
  const found = await deps.store.readCommits(batchIds.map((id) => commitKey(deps.queue, id)));
  for (const id of batchIds) commits.set(id, found.get(commitKey(deps.queue, id)));
  return commits;
};

/**
 * Aborts each batch judged gone: exactly one of its commit and our abort wins, and `commits` gets the winner.
 * Returns the store error of each batch that could not be aborted.
 */
const abortGone = async (
  deps: ProtocolDeps,
  batchIds: readonly string[],
  commits: Commits,
  nowMs: number,
) => {
  const failed = new Map<string, StoreError>();
  const aborted: Commit = { state: "ABORTED", expiresAtS: windowEndS(nowMs, deps.windowSeconds) };
  const abort = async (batchId: string) => {
    try {
      const result = await deps.store.putCommit(commitKey(deps.queue, batchId), aborted);
      commits.set(batchId, result.kind === "exists" ? result.current : aborted);
      if (result.kind === "written")
        deps.logger.info("aborted a batch whose lease ran out", { abortedBatchId: batchId });
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      failed.set(batchId, error);
    }
  };
  await Promise.all(batchIds.map(abort));
  return failed;
};

/** Conditional replace of each claim still held by the batch we judged; a lost race is `busy`. */
const takeOver = async (
  deps: ProtocolDeps,
  batch: GuardBatch,
  writes: readonly TakeOverWrite[],
  decided: Map<string, GuardDecision>,
) => {
  if (writes.length === 0) return;
  const results = await deps.store.takeOverAll(writes);
  writes.forEach((write, index) => {
    const result = results[index];
    if (result?.kind === "taken") {
      deps.logger.info("took over a claim", { dedupKey: write.key, fromBatchId: write.fromBatchId });
      decided.set(write.key, RUN);
    } else if (result?.kind === "unavailable")
      decided.set(write.key, { kind: "unavailable", error: result.error });
    else decided.set(write.key, result?.current?.batchId === batch.batchId ? RUN : BUSY);
  });
};

const SIMPLE: Partial<Record<Verdict, GuardDecision>> = { mine: RUN, duplicate: DUPLICATE, busy: BUSY };

const resolveInto = async (
  deps: ProtocolDeps,
  batch: GuardBatch,
  writes: readonly ClaimWrite[],
  decided: Map<string, GuardDecision>,
) => {
  const context = { batchId: batch.batchId, nowMs: batch.nowMs };
  const claims = await deps.store.readClaims(writes.map((write) => write.key));
  const present = writes.flatMap((write) => {
    const current = claims.get(write.key);
    if (!current) decided.set(write.key, BUSY); // vanished since the insert (TTL): let SQS retry it
    return current ? [{ write, current }] : [];
  });
  const commits = await readNeededCommits(deps, [...claims.values()], context);
  const judged = present.map((p) => ({
    ...p,
    verdict: judge(p.current, commitOf(commits, p.current.batchId), context),
  }));
  const gone = judged.filter((j) => j.verdict === "abort").map((j) => j.current.batchId);
  const failedAborts = await abortGone(deps, [...new Set(gone)], commits, batch.nowMs);
  const takeOvers: TakeOverWrite[] = [];
  for (const { write, current, verdict } of judged) {
    const abortError = verdict === "abort" ? failedAborts.get(current.batchId) : undefined;
    // An aborted batch is judged again with its commit (ours, or the one it wrote just before).
    const settled =
      verdict === "abort" ? judge(current, commitOf(commits, current.batchId), context) : verdict;
    const simple = SIMPLE[settled];
    if (abortError) decided.set(write.key, { kind: "unavailable", error: abortError });
    else if (settled === "take-over") takeOvers.push({ ...write, fromBatchId: current.batchId });
    else if (simple) decided.set(write.key, simple);
  }
  await takeOver(deps, batch, takeOvers, decided);
};

/**
 * Decides the dedupIds whose claim already existed: read the claims, then the commits of their batches, abort
 * batches that are gone, take over what was released. A store failure makes every undecided record
 * `unavailable`. Returns claimKey → decision.
 */
export const resolveContested = async (
  deps: ProtocolDeps,
  batch: GuardBatch,
  writes: readonly ClaimWrite[],
): Promise<Map<string, GuardDecision>> => {
  const decided = new Map<string, GuardDecision>();
  try {
    await resolveInto(deps, batch, writes, decided);
  } catch (error) {
    const decision = unavailable(error);
    for (const write of writes) if (!decided.has(write.key)) decided.set(write.key, decision);
  }
  return decided;
};
