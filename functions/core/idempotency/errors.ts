/** Base class of every idempotency error. */
export class IdempotencyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "IdempotencyError";
  }
}

/** The idempotency store failed an operation. The protocol turns it into `unavailable` / `unrecorded`. */
export class StoreError extends IdempotencyError {
  constructor(
    readonly operation: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`idempotency store ${operation}: ${message}`, options);
    this.name = "StoreError";
  }
}

/** Transient: throttled, 5xx, network or timeout. Retrying later may succeed. */
export class StoreUnavailableError extends StoreError {
  constructor(operation: string, message: string, options?: ErrorOptions) {
    super(operation, message, options);
    this.name = "StoreUnavailableError";
  }
}

/** Permanent until someone fixes it: validation, missing table, access denied, malformed item. */
export class StoreRejectedError extends StoreError {
  constructor(operation: string, message: string, options?: ErrorOptions) {
    super(operation, message, options);
    this.name = "StoreRejectedError";
  }
}
