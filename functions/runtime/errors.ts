/** Base class of errors raised while setting the consumer runtime up (never for a single record). */
export class ConsumerSetupError extends Error {
  override name = "ConsumerSetupError";
}

/** The consumer's environment variables are missing or wrong; every problem is listed. */
export class InvalidConsumerEnvError extends ConsumerSetupError {
  override name = "InvalidConsumerEnvError";

  constructor(readonly problems: readonly string[]) {
    super(`fifoq consumer: invalid environment:\n  - ${problems.join("\n  - ")}`);
  }
}

/** `buildConsumerDeps` was given a combination that cannot work (e.g. a window without a table). */
export class InvalidConsumerDepsError extends ConsumerSetupError {
  override name = "InvalidConsumerDepsError";

  constructor(message: string) {
    super(`fifoq consumer: ${message}`);
  }
}
