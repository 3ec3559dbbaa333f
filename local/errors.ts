import { classifySdkError } from "../functions/adapters/sdk-errors";
import { named, prefixedError } from "../functions/core/errors";

/** Base class of errors raised by the local stack itself (not by the handlers it runs); messages start `fifoq local: `. */
export class LocalStackError extends prefixedError("local", "LocalStackError") {}

/** A queue's consumer module could not be imported or does not export `handler = defineConsumer(...)`. */
export class ConsumerModuleError extends named("ConsumerModuleError", LocalStackError) {
  constructor(
    readonly queue: string,
    readonly path: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`queue "${queue}": consumer module ${path} ${reason}`, options);
  }
}

/** The local API Gateway could not listen on the chosen port. */
export class GatewayListenError extends named("GatewayListenError", LocalStackError) {
  constructor(
    readonly host: string,
    readonly port: number,
    options?: ErrorOptions,
  ) {
    const reason =
      (options?.cause as NodeJS.ErrnoException | undefined)?.code === "EADDRINUSE" ? "is in use" : "failed";
    super(
      `listening on ${host}:${port} ${reason}; set PORT to another port (PORT=0 picks a free one)`,
      options,
    );
  }
}

/** A request body went over the API Gateway payload limit (10 MB); the gateway answers 413 itself. */
export class GatewayBodyTooLargeError extends named("GatewayBodyTooLargeError", LocalStackError) {
  constructor(readonly limitBytes: number) {
    super(`the request body is larger than API Gateway's limit of ${limitBytes} bytes (10 MB)`);
  }
}

/** Queues or tables could not be created: the emulator (or the given endpoint) did not answer as expected. */
export class ProvisionError extends named("ProvisionError", LocalStackError) {
  constructor(
    readonly service: "SQS" | "DynamoDB",
    readonly endpoint: string,
    options: { cause: unknown },
  ) {
    const variable = service === "SQS" ? "FIFOQ_SQS_ENDPOINT" : "FIFOQ_DYNAMODB_ENDPOINT";
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    // Only an endpoint that did not answer may not be running; one that answered said what is wrong.
    const hint = classifySdkError(options.cause).kind === "unavailable" ? "is it running? " : "";
    super(`could not provision ${service} at ${endpoint}: ${reason} (${hint}check ${variable})`, options);
  }
}

/** A bare-named effect table of a queue does not exist at the DynamoDB endpoint. */
export class EffectTableMissingError extends named("EffectTableMissingError", LocalStackError) {
  constructor(
    readonly queue: string,
    readonly table: string,
    endpoint: string,
  ) {
    super(
      `queue "${queue}": effect table "${table}" does not exist at ${endpoint}; declare it in effectTables with its keys ({ name: "${table}", partitionKey: { name, type } }) so fifoq creates it, or create it there`,
    );
  }
}

/** A queue of the configuration already exists on the SQS endpoint, with attributes other than fifoq's. */
export class QueueAttributesConflictError extends named("QueueAttributesConflictError", LocalStackError) {
  constructor(
    readonly queueName: string,
    detail: string,
    options: { cause: unknown },
  ) {
    super(
      `queue ${queueName} already exists with other attributes (${detail}); delete it, or let ` +
        "fifoq start an SQS emulator of its own (unset FIFOQ_SQS_ENDPOINT)",
      options,
    );
  }
}

/** The DynamoDB at FIFOQ_DYNAMODB_ENDPOINT gets wrong what fifoq's exactly-once effect depends on. */
export class ForeignEmulatorError extends named("ForeignEmulatorError", LocalStackError) {
  constructor(
    readonly endpoint: string,
    problem: string,
  ) {
    super(
      `the DynamoDB at ${endpoint} (FIFOQ_DYNAMODB_ENDPOINT) ${problem}; fifoq's exactly-once ` +
        "effect depends on it, so it will not run there. Use DynamoDB Local (unset FIFOQ_DYNAMODB_ENDPOINT) or LocalStack",
    );
  }
}

/** A file of the local state directory (`.fifoq/`) is not what the local stack wrote there. */
export class LocalStateError extends named("LocalStateError", LocalStackError) {
  constructor(
    readonly file: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`${file} ${problem}; delete it, or start afresh with npm start -- --reset`, options);
  }
}
