export {
  isReservedName,
  MAX_MESSAGE_ATTRIBUTES,
  ORIGINAL_DEDUP_ID_ATTRIBUTE,
  RESERVED_PREFIX,
} from "./attributes";
export { decodeCursor, encodeCursor } from "./cursor";
export { type DiscardDeps, discardDeadLetter } from "./discard";
export {
  CorruptDeadLetterError,
  DEAD_LETTER_ERROR_CODES,
  DeadLetterConflictError,
  DeadLetterError,
  DeadLetterNotFoundError,
  DeadLetterNotRedrivableError,
  DeadLetterStoreUnavailableError,
  InvalidCursorError,
  InvalidDeadLetterQueryError,
  InvalidRecorderEnvError,
  RedriveSendError,
  RedriveTooEarlyError,
  UnknownSourceQueueError,
} from "./errors";
export type { FailureLog, FailureRecord } from "./failure-log";
export { GROUP_ID_PATTERN, LIST_LIMIT, parseGroupId, parseListQuery } from "./list-query";
export { queueFromDlqArn } from "./queue-name";
export { getDeadLetter, listDeadLetters, type ReadDeps } from "./read";
export { createDeadLetterRecorder, type DeadLetterRecorder, type DeadLetterRecorderDeps } from "./recorder";
export { type RedriveAllDeps, type RedriveAllInput, type RedriveAllResult, redriveAll } from "./redrive-all";
export {
  buildRedriveMessage,
  ORIGINAL_DEDUP_ID_REUSE_AFTER_MS,
  redriveDeduplicationId,
} from "./redrive-message";
export { type RedriveDeps, type RedriveResult, redriveOne, redriveRecord } from "./redrive-one";
export type { DeadLetterStore, RedriveMessage, RedriveSender, TransitionResult } from "./store";
export { MAX_STORED_MESSAGE_BYTES, parseBody, toDeadLetter, toPublicDeadLetter } from "./to-dead-letter";
export type {
  CursorKey,
  DeadLetter,
  DeadLetterPage,
  DeadLetterRecord,
  DeadLetterStatus,
  ErrorSummary,
  ListOptions,
} from "./types";
export { DEAD_LETTER_STATUSES } from "./types";
