import type { GuardDecision } from "../consumer/idempotency-port";
import { FifoqError } from "../errors";

/** Base class of every idempotency error. */
export class IdempotencyError extends FifoqError {
  override name = "IdempotencyError";
}

/** The idempotency store failed an operation. The protocol turns it into `unavailable` / `unrecorded`. */
export class StoreError extends IdempotencyError {
  override name = "StoreError";

  constructor(operation: string, message: string, options?: ErrorOptions) {
    super(`idempotency store ${operation}: ${message}`, options);
  }
}

/** Transient: throttled, 5xx, network or timeout. Retrying later may succeed. */
export class StoreUnavailableError extends StoreError {
  override name = "StoreUnavailableError";
}

/** Permanent until someone fixes it: validation, missing table, access denied, malformed item. */
export class StoreRejectedError extends StoreError {
  override name = "StoreRejectedError";
}

/** A store failure becomes `unavailable`; anything else is a bug and is thrown on. */
export const unavailable = (error: unknown): GuardDecision => {
  if (error instanceof StoreError) return { kind: "unavailable", error };
  throw error;
};
