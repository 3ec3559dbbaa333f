import type { Claim, Commit } from "./store-port";

/**
 * What to do about a dedupId whose claim already exists, given the claim and (if read) the commit of the
 * batch that holds it.
 * - `mine`: the claim is this batch's own (an SDK retry replayed a write that had succeeded): run.
 * - `duplicate`: the holder committed it as done: acknowledge without running.
 * - `take-over`: the holder released it (committed without it, or aborted), or the window is over: take the
 *   claim over conditionally, then run.
 * - `busy`: the holder has not committed and its lease is still running: it may be alive.
 * - `abort`: the holder has not committed and its lease is over: it is gone. Abort its batch, then judge again.
 * - `need-commit`: the commit must be read before deciding.
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
  if (commit === null) return "need-commit";
  if (commit?.state === "ABORTED") return "take-over";
  if (commit?.state === "COMMITTED") return commit.doneSlots.includes(claim.slot) ? "duplicate" : "take-over";
  return claim.leaseUntilMs > context.nowMs ? "busy" : "abort";
};
