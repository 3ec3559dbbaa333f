import type { RecordOutcome } from "../consumer/idempotency-port";
import type { CommitResult, CommitWrite } from "./store-port";

/**
 * What a batch's commit session knows of its records' completions, as a value. The session changes it only
 * through the transitions below, which do no I/O.
 */
export interface CommitLedger {
  /** Slots of records that succeeded and that no written commit carries yet. */
  readonly pending: ReadonlySet<number>;
  /** Slots the batch's commit holds: written by this session, or found in it when a taker-over aborted it. */
  readonly durable: ReadonlySet<number>;
  /** Message ids of records recorded by their own transaction (staged writes). */
  readonly transacted: ReadonlySet<string>;
  /** The commit is final or aborted: nothing is added to it any more. */
  readonly sealed: boolean;
}

export const openLedger = (): CommitLedger => ({
  pending: new Set(),
  durable: new Set(),
  transacted: new Set(),
  sealed: false,
});

const plus = <T>(set: ReadonlySet<T>, items: Iterable<T>): ReadonlySet<T> => new Set([...set, ...items]);

const minus = <T>(set: ReadonlySet<T>, items: readonly T[]): ReadonlySet<T> =>
  new Set([...set].filter((item) => !items.includes(item)));

/** A claimed record succeeded without staged writes: its slot waits for the next write (none once sealed). */
export const slotSucceeded = (ledger: CommitLedger, slot: number): CommitLedger =>
  ledger.sealed ? ledger : { ...ledger, pending: plus(ledger.pending, [slot]) };

/** A record's transaction committed it with its staged writes. */
export const recordTransacted = (ledger: CommitLedger, messageId: string): CommitLedger => ({
  ...ledger,
  transacted: plus(ledger.transacted, [messageId]),
});

/**
 * The write to make now, or none: a sealed commit takes no more writes, and an interval write (not `final`)
 * needs a pending slot. `final` seals the commit, which releases every claimed slot it does not hold.
 */
export const nextWrite = (
  ledger: CommitLedger,
  final: boolean,
  expiresAtS: number,
  atMs: number,
): CommitWrite | undefined =>
  ledger.sealed || (!final && ledger.pending.size === 0)
    ? undefined
    : { slots: [...ledger.pending].sort((a, b) => a - b), atMs, final, expiresAtS };

/**
 * The store answered `write`. Only what it carried leaves `pending` (a record that succeeded while it was in
 * flight goes in the next write). Aborted by a taker-over: what made it is what the commit holds, and it is
 * sealed.
 */
export const commitAnswered = (
  ledger: CommitLedger,
  write: CommitWrite,
  result: CommitResult,
): CommitLedger => ({
  pending: minus(ledger.pending, write.slots),
  durable: plus(ledger.durable, result.kind === "written" ? write.slots : result.current.doneSlots),
  transacted: ledger.transacted,
  sealed: write.final || result.kind === "aborted",
});

/**
 * At `finish`: every record that succeeded and is neither transacted nor held by the commit is pending, unless
 * the commit is sealed.
 */
export const finishing = (
  ledger: CommitLedger,
  claimed: ReadonlyMap<string, { readonly slot: number }>,
  succeeded: ReadonlySet<string>,
): CommitLedger => {
  if (ledger.sealed) return ledger;
  const unwritten = [...claimed]
    .filter(([id, { slot }]) => succeeded.has(id) && !ledger.transacted.has(id) && !ledger.durable.has(slot))
    .map(([, { slot }]) => slot);
  return { ...ledger, pending: plus(ledger.pending, unwritten) };
};

/** An outcome is recorded unless it succeeded and neither its transaction nor the commit holds it. */
export const isRecorded = (ledger: CommitLedger, outcome: RecordOutcome, slot: number | undefined): boolean =>
  outcome.status !== "succeeded" ||
  ledger.transacted.has(outcome.messageId) ||
  (slot !== undefined && ledger.durable.has(slot));
