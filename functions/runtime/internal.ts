/**
 * The consumer runtime's internals, for the local stack, tests and benches (never for users' modules, whose
 * import path is `functions/runtime`): building a consumer from injected deps, reading its environment, and
 * turning SQS messages into Lambda records. It re-exports the public API too.
 */
export type {
  DeadLetterSender,
  OutboundDeadLetter,
  RawMessageAttribute,
} from "../core/consumer/dead-letter-port";
export {
  CompletionUnrecordedError,
  ConsumerError,
  DeadLetterSendError,
  IdempotencyBusyError,
  IdempotencyUnavailableError,
  MessageParseError,
  TransactionConditionError,
  TransactionRefusedError,
} from "../core/consumer/errors";
export type { IdempotencyGuard } from "../core/consumer/idempotency-port";
export type { ConsumerDeps } from "../core/consumer/types";
export { InvalidEnvError } from "../core/errors";
export { buildConsumerDeps, type ConsumerAdapters, type ConsumerDepsInput } from "./consumer-deps";
export { type ConsumerHandler, createConsumer } from "./create-consumer";
export { consumerFromEnv } from "./define-consumer";
export { type ConsumerEnv, readConsumerEnv } from "./env";
export { ConsumerSetupError, InvalidConsumerDepsError } from "./errors";
export * from "./index";
export { type QueueLocation, sqsMessageToRecord } from "./sqs-message-to-record";
