import { FifoqError } from "../../functions/core/errors";

/** Base class of errors raised while starting or stopping an emulator. */
export class EmulatorError extends FifoqError {
  override name = "EmulatorError";
}

/** Java 17+ is needed by DynamoDB Local and was not found. */
export class JavaMissingError extends EmulatorError {
  override name = "JavaMissingError";

  constructor(options?: ErrorOptions) {
    super(
      "DynamoDB Local needs Java 17 or newer on PATH (Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless), " +
        "or set FIFOQ_DYNAMODB_ENDPOINT to a DynamoDB that is already running.",
      options,
    );
  }
}

/** The emulator did not answer in time. */
export class EmulatorStartTimeoutError extends EmulatorError {
  override name = "EmulatorStartTimeoutError";

  constructor(name: string, timeoutMs: number, output: string) {
    super(`${name} did not become ready within ${timeoutMs} ms. Its output:\n${output.slice(-2000)}`);
  }
}
