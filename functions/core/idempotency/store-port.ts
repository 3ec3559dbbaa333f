import type { StoreError } from "./errors";

/** Who holds (or last held) a dedupId: one item per `(queue, dedupId)`, key `claimKey(queue, dedupId)`. */
export interface Claim {
  /** The invocation that holds the claim. */
  readonly batchId: string;
  /** Index of this dedupId among the batch's claims; the commit lists done slots, not dedupIds. */
  readonly slot: number;
  /** For diagnosis only. */
  readonly messageId: string;
  /** Epoch ms after which the holder is certainly gone (its invocation deadline plus a grace). */
  readonly leaseUntilMs: number;
  /** TTL, epoch seconds: the end of the idempotency window (never before the lease). */
  readonly expiresAtS: number;
}

/** The single-assignment outcome of a batch, key `commitKey(queue, batchId)`. Written once, never changed. */
export type Commit =
  | { readonly state: "COMMITTED"; readonly doneSlots: readonly number[]; readonly expiresAtS: number }
  | { readonly state: "ABORTED"; readonly expiresAtS: number };

export interface ClaimWrite {
  readonly key: string;
  readonly claim: Claim;
}

export interface TakeOverWrite extends ClaimWrite {
  /** The write succeeds only while the claim is still held by this batch. */
  readonly fromBatchId: string;
}

export type ClaimResult =
  | { readonly kind: "claimed" }
  | { readonly kind: "exists" }
  | { readonly kind: "unavailable"; readonly error: StoreError };

export type TakeOverResult =
  | { readonly kind: "taken" }
  /** Someone else changed the claim first (`current`), or it no longer exists (`undefined`). */
  | { readonly kind: "lost"; readonly current: Claim | undefined }
  | { readonly kind: "unavailable"; readonly error: StoreError };

export type CommitResult =
  | { readonly kind: "written" }
  | { readonly kind: "exists"; readonly current: Commit };

/**
 * The persistence port of the idempotency protocol. Each method is one round trip for a FIFO batch (≤ 10
 * items); an implementation may split larger inputs. A whole-request failure throws a `StoreError`; a failure
 * of one item of a batch request is reported in that item's result. Results are in input order.
 */
export interface IdempotencyStore {
  /** Put-if-absent of every claim. */
  claimAll(writes: readonly ClaimWrite[]): Promise<readonly ClaimResult[]>;
  /** Strongly consistent read; absent keys are absent from the map. */
  readClaims(keys: readonly string[]): Promise<ReadonlyMap<string, Claim>>;
  /** Strongly consistent read; absent keys are absent from the map. */
  readCommits(keys: readonly string[]): Promise<ReadonlyMap<string, Commit>>;
  /** Replace each claim, on condition that it is still held by `fromBatchId`. */
  takeOverAll(writes: readonly TakeOverWrite[]): Promise<readonly TakeOverResult[]>;
  /** Write the commit only if none exists for the key; otherwise return the one that does. */
  putCommit(key: string, commit: Commit): Promise<CommitResult>;
}
