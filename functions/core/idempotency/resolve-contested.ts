import type { GuardBatch, GuardDecision } from "../consumer/idempotency-port";
import { StoreError } from "./errors";
import { type JudgeContext, judge, type Verdict } from "./judge";
import { commitKey } from "./keys";
import { BUSY, DUPLICATE, type ProtocolDeps, RUN, unavailable, windowEndS } from "./protocol-deps";
import type { Claim, ClaimWrite, Commit } from "./store-port";

interface Judged {
  readonly write: ClaimWrite;
  readonly current: Claim;
  readonly verdict: Verdict;
}

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

type AbortResult = { readonly batchId: string } & (
  | { readonly commit: Commit }
  | { readonly error: StoreError }
);

const tryAbort = async (deps: ProtocolDeps, batchId: string, nowMs: number): Promise<AbortResult> => {
  const aborted: Commit = { state: "ABORTED", expiresAtS: windowEndS(nowMs, deps.windowSeconds) };
  try {
    const result = await deps.store.putCommit(commitKey(deps.queue, batchId), aborted);
    if (result.kind === "exists") return { batchId, commit: result.current };
    deps.logger.info("idempotency: aborted a batch whose lease ran out", { abortedBatchId: batchId });
    return { batchId, commit: aborted };
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    return { batchId, error };
  }
};

/** Aborts each batch judged gone (exactly one of its commit and our abort wins), then judges again. */
const settleAborts = async (
  deps: ProtocolDeps,
  judged: readonly Judged[],
  commits: Commits,
  context: JudgeContext,
  decided: Map<string, GuardDecision>,
): Promise<Judged[]> => {
  const gone = [...new Set(judged.filter((j) => j.verdict === "abort").map((j) => j.current.batchId))];
  const results = await Promise.all(gone.map((batchId) => tryAbort(deps, batchId, context.nowMs)));
  const failed = new Map<string, StoreError>();
  for (const result of results) {
    if ("error" in result) failed.set(result.batchId, result.error);
    else commits.set(result.batchId, result.commit);
  }
  const settled: Judged[] = [];
  for (const item of judged) {
    const error = item.verdict === "abort" ? failed.get(item.current.batchId) : undefined;
    if (error) decided.set(item.write.key, { kind: "unavailable", error });
    else if (item.verdict !== "abort") settled.push(item);
    else
      settled.push({
        ...item,
        verdict: judge(item.current, commitOf(commits, item.current.batchId), context),
      });
  }
  return settled;
};

/** Conditional replace of each claim still held by the batch we judged; a lost race is `busy`. */
const takeOver = async (deps: ProtocolDeps, batch: GuardBatch, items: readonly Judged[]) => {
  const decided = new Map<string, GuardDecision>();
  if (items.length === 0) return decided;
  const writes = items.map(({ write, current }) => ({ ...write, fromBatchId: current.batchId }));
  const results = await deps.store.takeOverAll(writes);
  writes.forEach((write, index) => {
    const result = results[index];
    if (result?.kind === "taken") {
      deps.logger.info("idempotency: took over a claim", {
        dedupKey: write.key,
        fromBatchId: write.fromBatchId,
      });
      decided.set(write.key, RUN);
    } else if (result?.kind === "unavailable")
      decided.set(write.key, { kind: "unavailable", error: result.error });
    else decided.set(write.key, result?.current?.batchId === batch.batchId ? RUN : BUSY);
  });
  return decided;
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
  const settled = await settleAborts(deps, judged, commits, context, decided);
  for (const item of settled) {
    const simple = SIMPLE[item.verdict];
    if (simple) decided.set(item.write.key, simple);
  }
  const taken = await takeOver(
    deps,
    batch,
    settled.filter((item) => item.verdict === "take-over"),
  );
  for (const [key, decision] of taken) decided.set(key, decision);
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
