import type {
  Claim,
  ClaimResult,
  ClaimWrite,
  Commit,
  CommitResult,
  IdempotencyStore,
  TakeOverResult,
  TakeOverWrite,
} from "../../functions/core/idempotency/store-port";

/** The store's contents, for assertions in tests. */
export interface InMemoryIdempotencyStore extends IdempotencyStore {
  readonly claims: ReadonlyMap<string, Claim>;
  readonly commits: ReadonlyMap<string, Commit>;
}

/** Lets concurrent callers interleave between steps, as network round trips would. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A pure, in-process implementation of the port with the same conditional semantics as DynamoDB's. */
export const createInMemoryIdempotencyStore = (): InMemoryIdempotencyStore => {
  const claims = new Map<string, Claim>();
  const commits = new Map<string, Commit>();
  const pick = <T>(from: ReadonlyMap<string, T>, keys: readonly string[]) => {
    const found = new Map<string, T>();
    for (const key of keys) {
      const value = from.get(key);
      if (value !== undefined) found.set(key, value);
    }
    return found;
  };
  return {
    claims,
    commits,
    async claimAll(writes: readonly ClaimWrite[]): Promise<ClaimResult[]> {
      await tick();
      return writes.map(({ key, claim }) => {
        if (claims.has(key)) return { kind: "exists" };
        claims.set(key, claim);
        return { kind: "claimed" };
      });
    },
    async readClaims(keys) {
      await tick();
      return pick(claims, keys);
    },
    async readCommits(keys) {
      await tick();
      return pick(commits, keys);
    },
    async takeOverAll(writes: readonly TakeOverWrite[]): Promise<TakeOverResult[]> {
      await tick();
      return writes.map(({ key, claim, fromBatchId }) => {
        const current = claims.get(key);
        if (current?.batchId !== fromBatchId) return { kind: "lost", current };
        claims.set(key, claim);
        return { kind: "taken" };
      });
    },
    async putCommit(key: string, commit: Commit): Promise<CommitResult> {
      await tick();
      const current = commits.get(key);
      if (current) return { kind: "exists", current };
      commits.set(key, commit);
      return { kind: "written" };
    },
  };
};
