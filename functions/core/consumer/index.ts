export type { DeadLetter, DeadLetterSender, RawMessageAttribute } from "./dead-letter-port";
export { createDeadlineClock, type DeadlineClock, defaultSafetyMarginMs } from "./deadline";
export {
  CompletionUnrecordedError,
  ConsumerError,
  DeadLetterSendError,
  IdempotencyBusyError,
  IdempotencyUnavailableError,
  MessageParseError,
  PermanentError,
  toError,
} from "./errors";
export { type FailureWriter, failureEntry } from "./failure-capture";
export { type PlannedRecord, planGroups, type RecordGroup } from "./group-plan";
export type {
  FinishResult,
  GuardBatch,
  GuardDecision,
  GuardRecord,
  IdempotencyGuard,
  RecordOutcome,
} from "./idempotency-port";
export { parseMessage, toEnvelope } from "./message";
export {
  backoffCeilingSeconds,
  backoffSeconds,
  planRetryVisibility,
  type VisibilityChange,
} from "./retry-backoff";
export {
  type RetryBackoff,
  scheduleRetries,
  type VisibilityChanger,
  type VisibilityRefusal,
} from "./retry-visibility";
export { type BatchInput, runBatch } from "./run-batch";
export type {
  ConsumerDefinition,
  ConsumerDeps,
  ConsumerMessage,
  HandlerContext,
  MessageEnvelope,
  Outcome,
  SkipReason,
  UnparsedMessage,
} from "./types";
