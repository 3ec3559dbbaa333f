import type {
  Claim,
  ClaimResult,
  ClaimWrite,
  Commit,
  CommitResult,
  CommitWrite,
  IdempotencyStore,
  RecordTransaction,
  RecordTransactionResult,
  TakeOverResult,
  TakeOverWrite,
} from "../../functions/core/idempotency/store-port";

/** The store's contents, for assertions in tests. */
export interface InMemoryIdempotencyStore extends IdempotencyStore {
  readonly claims: ReadonlyMap<string, Claim>;
  readonly commits: ReadonlyMap<string, Commit>;
  /** The staged writes of every committed record transaction, in commit order. */
  readonly applied: RecordTransaction[];
  /** `commitRecord` answers `condition-failed` for the write at this index of the next transaction. */
  failConditionOnce(index: number): void;
}

/** Lets concurrent callers interleave between steps, as network round trips would. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

const EMPTY: Commit = { doneSlots: [], final: false, aborted: false, expiresAtS: 0 };

/** A pure, in-process implementation of the port with the same conditional semantics as DynamoDB's. */
export const createInMemoryIdempotencyStore = (): InMemoryIdempotencyStore => {
  const claims = new Map<string, Claim>();
  const commits = new Map<string, Commit>();
  const applied: RecordTransaction[] = [];
  let failCondition: number | undefined;
  const pick = <T>(from: ReadonlyMap<string, T>, keys: readonly string[]) => {
    const found = new Map<string, T>();
    for (const key of keys) {
      const value = from.get(key);
      if (value !== undefined) found.set(key, value);
    }
    return found;
  };
  const takeOne = ({ key, claim, fromBatchId, nowMs }: TakeOverWrite): TakeOverResult => {
    const current = claims.get(key);
    const free = current && (!current.done || current.expiresAtS * 1000 <= nowMs);
    if (current?.batchId !== fromBatchId || !free) return { kind: "lost", current };
    claims.set(key, claim);
    return { kind: "taken" };
  };
  return {
    claims,
    commits,
    applied,
    failConditionOnce: (index) => {
      failCondition = index;
    },
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
    async takeOverAll(writes) {
      await tick();
      return writes.map(takeOne);
    },
    async commit(key: string, write: CommitWrite): Promise<CommitResult> {
      await tick();
      const current = commits.get(key) ?? EMPTY;
      if (current.aborted) return { kind: "aborted", current };
      const doneSlots = [...new Set([...current.doneSlots, ...write.slots])].sort((a, b) => a - b);
      const final = current.final || write.final;
      const added = write.slots.filter((slot) => !current.doneAtMs?.has(slot));
      const times = [...(current.doneAtMs ?? []), ...added.map((slot) => [slot, write.atMs] as const)];
      const doneAtMs = times.length === 0 ? {} : { doneAtMs: new Map(times) };
      commits.set(key, { ...current, doneSlots, ...doneAtMs, final, expiresAtS: write.expiresAtS });
      return { kind: "written" };
    },
    async abort(key, expiresAtS) {
      await tick();
      const current = commits.get(key) ?? { ...EMPTY, expiresAtS };
      const aborted = { ...current, aborted: true };
      commits.set(key, aborted);
      return aborted;
    },
    async commitRecord(transaction): Promise<RecordTransactionResult> {
      await tick();
      const current = claims.get(transaction.key);
      if (current?.batchId !== transaction.batchId) return { kind: "lost" };
      if (current.done) return { kind: "committed" };
      if (failCondition !== undefined) {
        const index = failCondition;
        failCondition = undefined;
        return { kind: "condition-failed", index };
      }
      claims.set(transaction.key, { ...current, done: true, doneAtMs: transaction.atMs });
      applied.push(transaction);
      return { kind: "committed" };
    },
  };
};
