import type {
  FinishResult,
  GuardBatch,
  GuardDecision,
  GuardSession,
  RecordOutcome,
  TransactionResult,
} from "../consumer/idempotency-port";
import { StoreError, StoreRejectedError } from "./errors";
import { type CommitWrite, commitKey, type ProtocolDeps, windowEndS } from "./store-port";

/** What begin claimed for the session. */
export interface ClaimedBatch {
  readonly decisions: ReadonlyMap<string, GuardDecision>;
  /** messageId → its claim key and slot, for the records decided `run`. */
  readonly claimed: ReadonlyMap<string, { readonly key: string; readonly slot: number }>;
  /** The latest TTL among the claims this batch wrote (or may have written); the commit must outlive them. */
  readonly maxExpiresAtS: number;
}

const RETRY_BASE_MS = 50;
/** Time left for the runtime to answer after the last attempt. */
const RESERVE_MS = 250;
/** At most this many late commits are kept per guard (a warm container). */
const LATE_LIMIT = 32;

/**
 * One store call, retried on `StoreUnavailableError` while attempts and the deadline allow. Gives up with
 * the last `StoreError` (logged); anything else is a bug and is thrown on.
 */
const retrying = async <T>(
  deps: ProtocolDeps,
  batch: GuardBatch,
  what: { readonly operation: string; readonly key: string },
  call: () => Promise<T>,
): Promise<T | StoreError> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      const delayMs = RETRY_BASE_MS * 2 ** (attempt - 1);
      const late = deps.clock() + delayMs + RESERVE_MS >= batch.deadlineMs;
      if (error instanceof StoreRejectedError || attempt >= deps.commitAttempts || late) {
        deps.logger.warn(`${what.operation} not written`, { key: what.key, attempt, error: error.message });
        return error;
      }
      await deps.sleep(delayMs);
    }
  }
};

/**
 * Commits that the session could not write before its deadline. The commit only grows until it is sealed,
 * and a sealed one refuses the write, so writing it late is safe: either it lands before a taker-over aborts
 * the batch (the redelivered records are then `duplicate`, not applied twice) or the abort won and the write
 * is refused. Kept in memory per guard, written at the start of the next begin.
 */
export interface LateCommits {
  add(key: string, write: CommitWrite): void;
  /** Tries each once; keeps those that failed again. No request when there are none. */
  flush(nowMs: number): Promise<void>;
}

export const createLateCommits = (deps: ProtocolDeps): LateCommits => {
  const pending = new Map<string, CommitWrite>();
  const flushOne = async (key: string, write: CommitWrite) => {
    try {
      const result = await deps.store.commit(key, write);
      pending.delete(key);
      deps.logger.info("late commit settled", { commitKey: key, result: result.kind });
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
    }
  };
  return {
    add(key, write) {
      pending.set(key, write);
      const oldest = pending.keys().next().value;
      if (pending.size > LATE_LIMIT && oldest !== undefined) {
        pending.delete(oldest);
        deps.logger.warn("dropped a late commit (too many pending)", { commitKey: oldest });
      }
    },
    async flush(nowMs) {
      for (const [key, write] of pending) if (write.expiresAtS * 1000 <= nowMs) pending.delete(key);
      await Promise.all([...pending].map(([key, write]) => flushOne(key, write)));
    },
  };
};

/**
 * The commits of one batch. A record that succeeded is added to the batch's commit item within
 * `commitIntervalMs`, and by `commitByMs` at the latest: one write carries every record that succeeded since
 * the last one, and writes go one at a time. `finish` writes the rest and seals the commit (`final`), which
 * releases every claimed record that did not succeed. A batch that finishes within the interval writes once.
 * A record with staged writes commits alone, in one transaction with its claim (`commitWith`).
 *
 * A claim write that failed (a request the SDK reported failed may still have landed) may have left claims
 * of this batch that it never runs. The commit is sealed `final` then, which releases them at once: right
 * away when no record runs (nothing calls `finish`), else by `finish`. Unsealed, they would stay HELD until
 * the lease ends, and every redelivery before that would be `busy` and burn a receive.
 */
export const openSession = async (
  deps: ProtocolDeps,
  late: LateCommits,
  batch: GuardBatch,
  claimed: ClaimedBatch,
): Promise<GuardSession> => {
  const key = commitKey(deps.queue, batch.batchId);
  const expiresAtS = Math.max(windowEndS(batch.nowMs, deps.windowSeconds), claimed.maxExpiresAtS);
  const pending = new Set<number>();
  const durable = new Set<number>();
  const transacted = new Set<string>();
  let sealed = false;
  let chain: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let finishing = false;

  const write = async (final: boolean) => {
    if (sealed || (!final && pending.size === 0)) return;
    const commit: CommitWrite = { slots: [...pending].sort((a, b) => a - b), final, expiresAtS };
    const result = await retrying(deps, batch, { operation: "commit", key }, () =>
      deps.store.commit(key, commit),
    );
    if (result instanceof StoreError) {
      if (final) late.add(key, commit);
      // An interval write that gave up (a throttle burst) is tried again at the next interval, and by
      // `commitByMs` at the latest: a finished record must not wait for `finish` while a sibling runs on.
      else if (deps.clock() < batch.commitByMs) schedule();
      return;
    }
    const done = result.kind === "written" ? commit.slots : result.current.doneSlots;
    for (const slot of done) durable.add(slot);
    // Only what this write carried: a record that succeeded while it was in flight goes in the next one.
    for (const slot of commit.slots) pending.delete(slot);
    sealed = final || result.kind === "aborted";
    if (result.kind === "aborted")
      deps.logger.warn("batch was aborted before its commit", { commitKey: key });
  };
  const enqueue = (final: boolean) => {
    chain = chain.then(() => write(final));
    return chain;
  };
  function schedule() {
    if (timer !== undefined || finishing) return;
    const untilCommitBy = batch.commitByMs - deps.clock();
    const delayMs = Math.max(0, Math.min(deps.commitIntervalMs, untilCommitBy));
    timer = setTimeout(() => {
      timer = undefined;
      // A failure surfaces in `finish`, which awaits the same chain.
      enqueue(false).catch(() => undefined);
    }, delayMs);
  }
  const slotOf = (messageId: string) => claimed.claimed.get(messageId)?.slot;
  const unsure = [...claimed.decisions.values()].some((decision) => decision.kind === "unavailable");
  if (unsure && claimed.claimed.size === 0) await enqueue(true);

  return {
    decisions: claimed.decisions,
    succeeded(messageId) {
      const slot = slotOf(messageId);
      if (slot === undefined || sealed) return;
      pending.add(slot);
      schedule();
    },
    async commitWith(messageId, writes): Promise<TransactionResult> {
      const own = claimed.claimed.get(messageId);
      if (!own || deps.clock() >= batch.deadlineMs) {
        const why = own ? "finished after the invocation's deadline" : "not claimed by this batch";
        return {
          kind: "unrecorded",
          error: new StoreRejectedError("transaction", `${why}; nothing applied`),
        };
      }
      const result = await retrying(deps, batch, { operation: "transaction", key: own.key }, () =>
        deps.store.commitRecord({ key: own.key, batchId: batch.batchId, writes }),
      );
      if (result instanceof StoreError) return { kind: "unrecorded", error: result };
      if (result.kind === "condition-failed") return result;
      if (result.kind === "committed") {
        transacted.add(messageId);
        return { kind: "recorded" };
      }
      const error = new StoreRejectedError("transaction", "the claim was taken over; nothing applied");
      return { kind: "unrecorded", error };
    },
    async finish(outcomes: readonly RecordOutcome[]): Promise<FinishResult> {
      // No timer may outlive the invocation: nothing is scheduled once finishing has begun.
      finishing = true;
      clearTimeout(timer);
      timer = undefined;
      const succeeded = new Set(outcomes.filter((o) => o.status === "succeeded").map((o) => o.messageId));
      for (const [id, { slot }] of claimed.claimed) {
        if (succeeded.has(id) && !transacted.has(id) && !durable.has(slot) && !sealed) pending.add(slot);
      }
      const released = [...claimed.claimed.keys()].some((id) => !succeeded.has(id));
      await (pending.size > 0 || released || unsure ? enqueue(true) : chain);
      const recorded = (o: RecordOutcome) =>
        o.status !== "succeeded" || transacted.has(o.messageId) || durable.has(slotOf(o.messageId) ?? -1);
      return new Map(outcomes.map((o) => [o.messageId, recorded(o) ? "recorded" : "unrecorded"]));
    },
  };
};
