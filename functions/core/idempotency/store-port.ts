import type { DedupScope } from "../config/types";
import type { GuardRecord } from "../consumer/idempotency-port";
import type { StagedWrite } from "../consumer/transaction";
import type { Logger } from "../logging/logger";
import type { StoreError } from "./errors";

/**
 * The claim key of a record. After `c#<queue>#` (queue names are `[a-z0-9-]`, so the first `#` ends it):
 * - `messageGroup`: `g<length of groupId>#<groupId>#<dedupId>`, e.g. `c#orders#g11#customer-42#order-9001`;
 *   the length says where the group id ends, whatever characters it holds;
 * - `queue`: `q#<dedupId>`, e.g. `c#orders#q#order-9001`.
 * The `g`/`q` tag keeps the two scopes apart, so no key of one scope equals a key of the other.
 */
/** What every claim key of `queue` starts with (its consumer's IAM grant is limited to it). */
export const claimKeyPrefix = (queue: string): string => `c#${queue}#`;

export const claimKey = (
  queue: string,
  scope: DedupScope,
  { groupId, dedupId }: Pick<GuardRecord, "groupId" | "dedupId">,
): string =>
  scope === "messageGroup"
    ? `${claimKeyPrefix(queue)}g${groupId.length}#${groupId}#${dedupId}`
    : `${claimKeyPrefix(queue)}q#${dedupId}`;

/** The commit key of a batch: `b#<queue>#<batchId>`. */
export const commitKey = (queue: string, batchId: string): string => `b#${queue}#${batchId}`;

/** Who holds (or last held) an idempotency key: one item per key, `claimKey(…)`. */
export interface Claim {
  /** The invocation that holds the claim. */
  readonly batchId: string;
  /** Index of this key among the batch's claims; the batch commit lists done slots, not keys. */
  readonly slot: number;
  /** For diagnosis only. */
  readonly messageId: string;
  /** Epoch ms after which the holder is certainly gone (its invocation deadline plus a grace). */
  readonly leaseUntilMs: number;
  /** TTL, epoch seconds: the end of the idempotency window (never before the lease). */
  readonly expiresAtS: number;
  /** Committed by its own transaction (staged writes): done, whatever the batch commit says. */
  readonly done: boolean;
  /** Epoch ms when its own transaction marked it done (absent on claims done before fifoq kept it). */
  readonly doneAtMs?: number;
  /** The delivery's `ApproximateReceiveCount` when this batch claimed it: the attempt that holds it. */
  readonly attempts?: number;
}

/**
 * The commit of a batch, key `commitKey(queue, batchId)`: a grow-only set of done slots, sealed once by the
 * owner (`final`: every slot not in it is released) or by a taker-over (`aborted`: no slot is added after).
 */
export interface Commit {
  readonly doneSlots: readonly number[];
  /** Slot → epoch ms of the write that first carried it (absent on commits written before fifoq kept it). */
  readonly doneAtMs?: ReadonlyMap<number, number>;
  readonly final: boolean;
  readonly aborted: boolean;
  readonly expiresAtS: number;
}

/** The owner's write of its commit: add `slots` to the done set (and seal it when `final`), unless aborted. */
export interface CommitWrite {
  readonly slots: readonly number[];
  /** Epoch ms of this write: each slot's time of completion unless an earlier write carried it. */
  readonly atMs: number;
  readonly final: boolean;
  readonly expiresAtS: number;
}

export interface ClaimWrite {
  readonly key: string;
  readonly claim: Claim;
}

export interface TakeOverWrite extends ClaimWrite {
  /** The write succeeds only while the claim is held by this batch and not done (or its window is over). */
  readonly fromBatchId: string;
  readonly nowMs: number;
}

/** A record's staged writes and its completion: the claim marked done while `batchId` still holds it. */
export interface RecordTransaction {
  readonly key: string;
  readonly batchId: string;
  /** Epoch ms: the claim's time of completion. */
  readonly atMs: number;
  readonly writes: readonly StagedWrite[];
}

export type ClaimResult =
  | { readonly kind: "claimed" }
  | { readonly kind: "exists" }
  | { readonly kind: "unavailable"; readonly error: StoreError };

export type TakeOverResult =
  | { readonly kind: "taken" }
  /** The claim changed first (`current`), or it no longer exists (`undefined`). */
  | { readonly kind: "lost"; readonly current: Claim | undefined }
  | { readonly kind: "unavailable"; readonly error: StoreError };

export type CommitResult =
  | { readonly kind: "written" }
  /** A taker-over sealed the commit first: `current.doneSlots` are the slots that made it. */
  | { readonly kind: "aborted"; readonly current: Commit };

export type RecordTransactionResult =
  /** Applied (now, or by an earlier attempt of the same transaction). */
  | { readonly kind: "committed" }
  /** The claim is no longer this batch's: nothing applied. */
  | { readonly kind: "lost" }
  /** The condition of `writes[index]` failed: nothing applied. */
  | { readonly kind: "condition-failed"; readonly index: number };

/**
 * The persistence port of the idempotency protocol. Each method is one round trip for a FIFO batch (≤ 10
 * items). A whole-request failure throws a `StoreError` (`StoreUnavailableError`: retrying may help); a
 * failure of one item of a batch request is reported in that item's result. Results are in input order.
 */
export interface IdempotencyStore {
  /** Put-if-absent of every claim. */
  claimAll(writes: readonly ClaimWrite[]): Promise<readonly ClaimResult[]>;
  /** Strongly consistent read; absent keys are absent from the map. */
  readClaims(keys: readonly string[]): Promise<ReadonlyMap<string, Claim>>;
  /** Strongly consistent read; absent keys are absent from the map. */
  readCommits(keys: readonly string[]): Promise<ReadonlyMap<string, Commit>>;
  /** Replace each claim, on condition that `fromBatchId` holds it and it is not done (or its window is over). */
  takeOverAll(writes: readonly TakeOverWrite[]): Promise<readonly TakeOverResult[]>;
  /** Adds to the done set (creating the commit if absent) unless it is aborted. Idempotent. */
  commit(key: string, write: CommitWrite): Promise<CommitResult>;
  /** Seals the commit as aborted (creating it if absent) and returns it as it is then. Idempotent. */
  abort(key: string, expiresAtS: number): Promise<Commit>;
  /** One transaction: `writes` and the claim marked done, if `batchId` still holds it. Idempotent. */
  commitRecord(transaction: RecordTransaction): Promise<RecordTransactionResult>;
}

/** What the protocol's steps share; built once per guard (`guard.ts`). */
export interface ProtocolDeps {
  readonly store: IdempotencyStore;
  readonly queue: string;
  readonly scope: DedupScope;
  readonly windowSeconds: number;
  readonly leaseGraceMs: number;
  /** Attempts at each commit write, within the deadline. */
  readonly commitAttempts: number;
  /** The longest a succeeded record waits for its commit. */
  readonly commitIntervalMs: number;
  readonly logger: Logger;
  readonly clock: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

/** TTL in epoch seconds: `nowMs` plus the window, rounded up. */
export const windowEndS = (nowMs: number, windowSeconds: number): number =>
  Math.ceil(nowMs / 1000) + windowSeconds;
