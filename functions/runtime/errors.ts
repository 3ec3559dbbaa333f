import { FifoqError } from "../core/errors";

/** Base class of errors raised while setting the consumer runtime up (never for a single record). */
export class ConsumerSetupError extends FifoqError {
  override name = "ConsumerSetupError";
}

/** `buildConsumerDeps` was given a combination that cannot work (e.g. a window without a table). */
export class InvalidConsumerDepsError extends ConsumerSetupError {
  override name = "InvalidConsumerDepsError";

  constructor(message: string) {
    super(`fifoq consumer: ${message}`);
  }
}
