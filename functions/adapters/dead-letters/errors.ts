import { FifoqError } from "../../core/errors";

/** Base class of the errors of the dead-letter adapters that the consumer runtime uses (no HTTP error here). */
export class DeadLetterAdapterError extends FifoqError {
  override name = "DeadLetterAdapterError";
}

/** Failure entries could not all be written (DynamoDB failed, or left items unprocessed); `cause` says why. */
export class FailureLogWriteError extends DeadLetterAdapterError {
  override name = "FailureLogWriteError";

  constructor(options: ErrorOptions & { cause: unknown }) {
    super("failure log not written", options);
  }
}
