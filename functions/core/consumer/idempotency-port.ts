import type { StagedWrite } from "./transaction";

/**
 * What the consumer runtime asks of idempotency. The runtime never talks to DynamoDB; it calls this port
 * (`core/idempotency/guard.ts` implements it). `undefined` guard = idempotency off.
 */
export interface GuardRecord {
  readonly messageId: string;
  readonly dedupId: string;
  readonly groupId: string;
  /** 0-based position of the record within its group in this batch (records run one after another). */
  readonly positionInGroup: number;
  /** SQS's `ApproximateReceiveCount` (1 on the first delivery): kept on the claim for the status route. */
  readonly attempt: number;
}

export interface GuardBatch {
  /** Unique per invocation (e.g. the Lambda request id plus a random suffix). */
  readonly batchId: string;
  /** Epoch ms when the invocation must be finished (Lambda deadline). */
  readonly deadlineMs: number;
  /** Epoch ms by which every record that succeeded before it is committed (the deadline minus the margin). */
  readonly commitByMs: number;
  /** Epoch ms now. */
  readonly nowMs: number;
}

export type GuardDecision =
  /** Claimed for this invocation: run `handle`. */
  | { readonly kind: "run" }
  /** The effect was already applied: acknowledge without running `handle` (outcome `duplicate`). */
  | { readonly kind: "duplicate" }
  /** Another live invocation holds it: report failed, SQS redelivers later. */
  | { readonly kind: "busy" }
  /**
   * The store could not be reached or refused: report failed; nothing is run. `claimMayBeHeld`: the request
   * that failed was this batch's own claim (or take-over) and may still have landed (a timeout after DynamoDB
   * applied it), so this batch may hold the key until its lease ends.
   */
  | { readonly kind: "unavailable"; readonly error: Error; readonly claimMayBeHeld?: true };

export const RUN: GuardDecision = { kind: "run" };
export const DUPLICATE: GuardDecision = { kind: "duplicate" };
export const BUSY: GuardDecision = { kind: "busy" };

export type RecordOutcome =
  | { readonly messageId: string; readonly status: "succeeded" }
  | { readonly messageId: string; readonly status: "failed"; readonly error: Error }
  /** Not run (earlier failure in its group, or out of time). */
  | { readonly messageId: string; readonly status: "skipped" }
  /** Sent to the dead-letter queue by the runtime (PermanentError or parse failure) and acknowledged. */
  | { readonly messageId: string; readonly status: "dead-lettered"; readonly error: Error };

/** `recorded`: the completion is durable, acknowledge. `unrecorded`: it is not; report the record failed. */
export type FinishResult = ReadonlyMap<string, "recorded" | "unrecorded">;

/** The outcome of committing a record together with its staged writes (one transaction). */
export type TransactionResult =
  /** The writes and the record's completion are applied, once. */
  | { readonly kind: "recorded" }
  /** The condition of `writes[index]` failed: nothing was applied; the record failed (retried). */
  | { readonly kind: "condition-failed"; readonly index: number }
  /** Not applied (the claim was taken over, or the store refused), or not known: report the record failed. */
  | { readonly kind: "unrecorded"; readonly error: Error };

/** One batch's claims and commits, from `begin` to `finish`. */
export interface GuardSession {
  /** A decision for every record given to `begin`. */
  readonly decisions: ReadonlyMap<string, GuardDecision>;
  /**
   * A claimed record's `handle` succeeded without staged writes: its completion is committed within the
   * commit interval (and by `commitByMs`), or by `finish` if that comes first.
   */
  succeeded(messageId: string): void;
  /** A claimed record's `handle` succeeded with staged writes: one transaction of the writes and its completion. */
  commitWith(messageId: string, writes: readonly StagedWrite[]): Promise<TransactionResult>;
  /**
   * The last commit: what is still pending, and the release of every claimed record that did not succeed.
   * `outcomes` are those of the records decided `run`.
   */
  finish(outcomes: readonly RecordOutcome[]): Promise<FinishResult>;
}

export interface IdempotencyGuard {
  /** One round trip on the happy path: claims every record it can. */
  begin(batch: GuardBatch, records: readonly GuardRecord[]): Promise<GuardSession>;
}
