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
  PermanentError,
  TransactionConditionError,
  TransactionRefusedError,
} from "../core/consumer/errors";
export type { IdempotencyGuard } from "../core/consumer/idempotency-port";
export type {
  AttributeMap,
  AttributeValue,
  Transaction,
  TransactionConditionCheck,
  TransactionDelete,
  TransactionPut,
  TransactionUpdate,
} from "../core/consumer/transaction";
export type {
  ConsumerDefinition,
  ConsumerDeps,
  ConsumerMessage,
  HandlerContext,
  MessageEnvelope,
  Outcome,
  UnparsedMessage,
} from "../core/consumer/types";
export { InvalidEnvError } from "../core/errors";
export { consumerFromEnv, defineConsumer, type LambdaConsumer } from "../handlers/consumer";
export { buildConsumerDeps, type ConsumerAdapters, type ConsumerDepsInput } from "./consumer-deps";
export { type ConsumerHandler, createConsumer } from "./create-consumer";
export { type ConsumerEnv, readConsumerEnv } from "./env";
export { ConsumerSetupError, InvalidConsumerDepsError } from "./errors";
export { type QueueLocation, sqsMessageToRecord } from "./sqs-message-to-record";
