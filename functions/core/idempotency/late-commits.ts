import { StoreError } from "./errors";
import type { ProtocolDeps } from "./protocol-deps";
import type { Commit } from "./store-port";

/**
 * Commits that finish could not write before its deadline. The commit is a single-assignment register, so
 * writing it late is safe: either it lands before anyone aborts the batch (the redelivered records are then
 * `duplicate`, not applied twice) or the abort won and the late write is refused. Kept in memory per guard
 * (a warm Lambda container), flushed at the start of the next begin, at most `LIMIT` of them.
 */
export interface LateCommits {
  add(key: string, commit: Commit): void;
  /** Tries each once; keeps those that failed again. No request when there are none. */
  flush(nowMs: number): Promise<void>;
}

const LIMIT = 32;

export const createLateCommits = (deps: ProtocolDeps): LateCommits => {
  const pending = new Map<string, Commit>();
  const flushOne = async (key: string, commit: Commit) => {
    try {
      const result = await deps.store.putCommit(key, commit);
      pending.delete(key);
      const state = result.kind === "written" ? "COMMITTED" : result.current.state;
      deps.logger.info("late commit settled", { commitKey: key, state });
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
    }
  };
  return {
    add(key, commit) {
      pending.set(key, commit);
      const oldest = pending.keys().next().value;
      if (pending.size > LIMIT && oldest !== undefined) {
        pending.delete(oldest);
        deps.logger.warn("dropped a late commit (too many pending)", { commitKey: oldest });
      }
    },
    async flush(nowMs) {
      for (const [key, commit] of pending) if (commit.expiresAtS * 1000 <= nowMs) pending.delete(key);
      await Promise.all([...pending].map(([key, commit]) => flushOne(key, commit)));
    },
  };
};
