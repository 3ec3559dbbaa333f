/**
 * What the consumer runtime asks of idempotency, once per batch (not per record).
 * The runtime never talks to DynamoDB; it calls this port. `undefined` guard = idempotency off.
 */
export interface GuardRecord {
  readonly messageId: string;
  readonly dedupId: string;
  readonly groupId: string;
  /** 0-based position of the record within its group in this batch (records run one after another). */
  readonly positionInGroup: number;
}

export interface GuardBatch {
  /** Unique per invocation (e.g. the Lambda request id plus a random suffix). */
  readonly batchId: string;
  /** Epoch ms when the invocation must be finished (Lambda deadline). */
  readonly deadlineMs: number;
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
  /** The store could not be reached or refused: report failed; nothing is run. */
  | { readonly kind: "unavailable"; readonly error: Error };

export type RecordOutcome =
  | { readonly messageId: string; readonly status: "succeeded" }
  | { readonly messageId: string; readonly status: "failed"; readonly error: Error }
  /** Not run (earlier failure in its group, or out of time). */
  | { readonly messageId: string; readonly status: "skipped" }
  /** Sent to the dead-letter queue by the runtime (PermanentError or parse failure) and acknowledged. */
  | { readonly messageId: string; readonly status: "dead-lettered"; readonly error: Error };

/** `recorded`: the completion is durable, acknowledge. `unrecorded`: it is not; report the record failed. */
export type FinishResult = ReadonlyMap<string, "recorded" | "unrecorded">;

export interface IdempotencyGuard {
  /** One round trip on the happy path: claims every record it can. A decision for every record given. */
  begin(batch: GuardBatch, records: readonly GuardRecord[]): Promise<ReadonlyMap<string, GuardDecision>>;
  /**
   * One round trip: records the completions of the records that were run. Records not `succeeded` are
   * released so a retry runs them. Only records whose decision was `run` are passed.
   */
  finish(batch: GuardBatch, outcomes: readonly RecordOutcome[]): Promise<FinishResult>;
}
