import type {
  FinishResult,
  GuardBatch,
  GuardDecision,
  GuardSession,
  RecordOutcome,
  TransactionResult,
} from "../consumer/idempotency-port";
import type { StagedWrite } from "../consumer/transaction";
import {
  type CommitLedger,
  commitAnswered,
  finishing,
  isRecorded,
  nextWrite,
  openLedger,
  recordTransacted,
  slotSucceeded,
} from "./commit-ledger";
import { StoreError, StoreRejectedError } from "./errors";
import { type CommitWrite, commitKey, type ProtocolDeps, windowEndS } from "./store-port";

/** What begin claimed for the session. */
export interface ClaimedBatch {
  readonly decisions: ReadonlyMap<string, GuardDecision>;
  /** messageId → its claim key and slot, for the records decided `run`. */
  readonly claimed: ReadonlyMap<string, { readonly key: string; readonly slot: number }>;
  /** The latest TTL among this batch's claims; the commit must outlive them. */
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

/** The one interval timer of a session. Once stopped (at `finish`) it never fires or arms again. */
class IntervalTimer {
  #handle: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  /** Arms the timer unless it is armed or stopped; `delayMs` is asked only when it arms. */
  arm(delayMs: () => number, fire: () => void): void {
    if (this.#handle !== undefined || this.#stopped) return;
    this.#handle = setTimeout(() => {
      this.#handle = undefined;
      fire();
    }, delayMs());
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#handle);
    this.#handle = undefined;
  }
}

/**
 * The commits of one batch. A record that succeeded is added to the batch's commit item within
 * `commitIntervalMs`, and by `commitByMs` at the latest: one write carries every record that succeeded since
 * the last one, and writes go one at a time. `finish` writes the rest and seals the commit (`final`), which
 * releases every claimed record that did not succeed. A batch that finishes within the interval writes once.
 * A record with staged writes commits alone, in one transaction with its claim (`commitWith`).
 *
 * Its state is the ledger (what is pending, durable, transacted, sealed: `commit-ledger.ts`), the chain of
 * writes and the interval timer.
 */
class CommitSession implements GuardSession {
  readonly decisions: ReadonlyMap<string, GuardDecision>;
  readonly #deps: ProtocolDeps;
  readonly #late: LateCommits;
  readonly #batch: GuardBatch;
  readonly #claimed: ClaimedBatch["claimed"];
  readonly #key: string;
  readonly #expiresAtS: number;
  #ledger: CommitLedger = openLedger();
  /** Every commit write, one after the other. */
  #chain: Promise<void> = Promise.resolve();
  readonly #timer = new IntervalTimer();

  constructor(deps: ProtocolDeps, late: LateCommits, batch: GuardBatch, claimed: ClaimedBatch) {
    this.#deps = deps;
    this.#late = late;
    this.#batch = batch;
    this.#claimed = claimed.claimed;
    this.decisions = claimed.decisions;
    this.#key = commitKey(deps.queue, batch.batchId);
    this.#expiresAtS = Math.max(windowEndS(batch.nowMs, deps.windowSeconds), claimed.maxExpiresAtS);
  }

  succeeded(messageId: string): void {
    const slot = this.#claimed.get(messageId)?.slot;
    if (slot === undefined || this.#ledger.sealed) return;
    this.#ledger = slotSucceeded(this.#ledger, slot);
    this.#schedule();
  }

  async commitWith(messageId: string, writes: readonly StagedWrite[]): Promise<TransactionResult> {
    const own = this.#claimed.get(messageId);
    if (!own || this.#deps.clock() >= this.#batch.deadlineMs) {
      const why = own ? "finished after the invocation's deadline" : "not claimed by this batch";
      return { kind: "unrecorded", error: new StoreRejectedError("transaction", `${why}; nothing applied`) };
    }
    const what = { operation: "transaction", key: own.key };
    // One value for every attempt: a retried transaction must repeat its parameters (its request token).
    const transaction = { key: own.key, batchId: this.#batch.batchId, atMs: this.#deps.clock(), writes };
    const result = await retrying(this.#deps, this.#batch, what, () =>
      this.#deps.store.commitRecord(transaction),
    );
    if (result instanceof StoreError) return { kind: "unrecorded", error: result };
    if (result.kind === "condition-failed") return result;
    if (result.kind === "committed") {
      this.#ledger = recordTransacted(this.#ledger, messageId);
      return { kind: "recorded" };
    }
    const error = new StoreRejectedError("transaction", "the claim was taken over; nothing applied");
    return { kind: "unrecorded", error };
  }

  async finish(outcomes: readonly RecordOutcome[]): Promise<FinishResult> {
    // No timer may outlive the invocation: nothing is scheduled once finishing has begun.
    this.#timer.stop();
    const succeeded = new Set(outcomes.filter((o) => o.status === "succeeded").map((o) => o.messageId));
    this.#ledger = finishing(this.#ledger, this.#claimed, succeeded);
    const released = [...this.#claimed.keys()].some((id) => !succeeded.has(id));
    await (this.#ledger.pending.size > 0 || released ? this.#enqueue(true) : this.#chain);
    return new Map(
      outcomes.map((o) => {
        const recorded = isRecorded(this.#ledger, o, this.#claimed.get(o.messageId)?.slot);
        return [o.messageId, recorded ? "recorded" : "unrecorded"];
      }),
    );
  }

  #enqueue(final: boolean): Promise<void> {
    this.#chain = this.#chain.then(() => this.#write(final));
    return this.#chain;
  }

  #schedule(): void {
    const { commitIntervalMs, clock } = this.#deps;
    this.#timer.arm(
      () => Math.max(0, Math.min(commitIntervalMs, this.#batch.commitByMs - clock())),
      // A failure surfaces in `finish`, which awaits the same chain.
      () => void this.#enqueue(false).catch(() => undefined),
    );
  }

  async #write(final: boolean): Promise<void> {
    const commit = nextWrite(this.#ledger, final, this.#expiresAtS, this.#deps.clock());
    if (commit === undefined) return;
    const key = this.#key;
    const result = await retrying(this.#deps, this.#batch, { operation: "commit", key }, () =>
      this.#deps.store.commit(key, commit),
    );
    if (result instanceof StoreError) {
      if (final) this.#late.add(key, commit);
      // An interval write that gave up (a throttle burst) is tried again at the next interval, and by
      // `commitByMs` at the latest: a finished record must not wait for `finish` while a sibling runs on.
      else if (this.#deps.clock() < this.#batch.commitByMs) this.#schedule();
      return;
    }
    this.#ledger = commitAnswered(this.#ledger, commit, result);
    if (result.kind === "aborted")
      this.#deps.logger.warn("batch was aborted before its commit", { commitKey: key });
  }
}

/** Opens the commit session of a batch whose claims `begin` made. */
export const openSession = (
  deps: ProtocolDeps,
  late: LateCommits,
  batch: GuardBatch,
  claimed: ClaimedBatch,
): GuardSession => new CommitSession(deps, late, batch, claimed);
