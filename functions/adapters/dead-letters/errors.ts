import { FifoqError } from "../../core/errors";

/** Base class of the errors of the dead-letter adapters that the consumer runtime uses (no HTTP error here). */
export class DeadLetterAdapterError extends FifoqError {
  override name = "DeadLetterAdapterError";
}

/**
 * Failure entries could not all be written (DynamoDB failed, or left items unprocessed); `cause` says why.
 * `unprocessed`: DynamoDB took the request but left items over after every attempt (it was throttling).
 */
export class FailureLogWriteError extends DeadLetterAdapterError {
  override name = "FailureLogWriteError";
  readonly unprocessed: boolean;

  constructor(options: ErrorOptions & { cause: unknown; unprocessed?: boolean }) {
    super("failure log not written", options);
    this.unprocessed = options.unprocessed ?? false;
  }
}
