import { BUSY, DUPLICATE, type GuardBatch, type GuardDecision, RUN } from "../consumer/idempotency-port";
import { sendClaimWrites } from "./claim-writes";
import { StoreError, unavailable } from "./errors";
import {
  type Claim,
  type ClaimWrite,
  type Commit,
  commitKey,
  type ProtocolDeps,
  type TakeOverResult,
  type TakeOverWrite,
  windowEndS,
} from "./store-port";

/**
 * What to do about a key whose claim already exists, given the claim and (if read) the commit of the batch B
 * that holds it (the state table is in the README, "Exactly-once effect"):
 * - `mine`: the claim is this batch's own (an SDK retry replayed a write that had succeeded): run.
 * - `duplicate`: done, by the claim's own transaction or in B's commit: acknowledge without running.
 * - `take-over`: released (B's commit is sealed without the slot), or the window is over: take it, then run.
 * - `busy`: not done, B's commit not sealed, and B's lease is still running: B may be alive.
 * - `abort`: not done, B's commit not sealed, lease over: B is gone. Seal B's commit, then judge again.
 * - `need-commit`: B's commit must be read before deciding.
 */
export type Verdict = "mine" | "duplicate" | "take-over" | "busy" | "abort" | "need-commit";

export interface JudgeContext {
  readonly batchId: string;
  readonly nowMs: number;
}

export const isWindowOver = (claim: Claim, nowMs: number): boolean => claim.expiresAtS * 1000 <= nowMs;

/** `commit` is `null` when it was not read yet, `undefined` when it was read and does not exist. */
export const judge = (claim: Claim, commit: Commit | undefined | null, context: JudgeContext): Verdict => {
  if (claim.batchId === context.batchId) return "mine";
  if (isWindowOver(claim, context.nowMs)) return "take-over";
  if (claim.done) return "duplicate";
  if (commit === null) return "need-commit";
  if (commit?.doneSlots.includes(claim.slot)) return "duplicate";
  if (commit?.final || commit?.aborted) return "take-over";
  return claim.leaseUntilMs > context.nowMs ? "busy" : "abort";
};

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
 * Seals each batch judged gone as aborted; `commits` gets the commit as it is then (slots B committed before
 * stay done). Returns the store error of each batch that could not be aborted.
 */
const abortGone = async (
  deps: ProtocolDeps,
  batchIds: readonly string[],
  commits: Commits,
  nowMs: number,
) => {
  const failed = new Map<string, StoreError>();
  const abort = async (batchId: string) => {
    try {
      commits.set(
        batchId,
        await deps.store.abort(commitKey(deps.queue, batchId), windowEndS(nowMs, deps.windowSeconds)),
      );
      deps.logger.info("aborted a batch whose lease ran out", { abortedBatchId: batchId });
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      failed.set(batchId, error);
    }
  };
  await Promise.all(batchIds.map(abort));
  return failed;
};

/**
 * What a take-over's answer means: run when it was taken, or lost to our own write (an SDK retry replayed
 * it); else `duplicate` when the holder is done, `busy` when a live taker holds it.
 */
const afterTakeOver =
  (deps: ProtocolDeps, batch: GuardBatch) =>
  (write: TakeOverWrite, result: TakeOverResult | undefined): GuardDecision => {
    if (result?.kind === "taken") {
      deps.logger.info("took over a claim", { dedupKey: write.key, fromBatchId: write.fromBatchId });
      return RUN;
    }
    const current = result?.kind === "lost" ? result.current : undefined;
    if (current?.batchId === batch.batchId) return RUN;
    return current?.done && !isWindowOver(current, batch.nowMs) ? DUPLICATE : BUSY;
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
    // An aborted batch is judged again with its sealed commit.
    const settled =
      verdict === "abort" ? judge(current, commitOf(commits, current.batchId), context) : verdict;
    const simple = SIMPLE[settled];
    if (abortError) decided.set(write.key, { kind: "unavailable", error: abortError });
    else if (settled === "take-over")
      takeOvers.push({ ...write, fromBatchId: current.batchId, nowMs: batch.nowMs });
    else if (simple) decided.set(write.key, simple);
  }
  // Conditional replace of each claim still held, not done, by the batch we judged.
  if (takeOvers.length === 0) return;
  await sendClaimWrites(takeOvers, (all) => deps.store.takeOverAll(all), afterTakeOver(deps, batch), decided);
};

/**
 * Decides the keys whose claim already existed: read the claims, then the commits of their batches, abort
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
