import { FifoqError, named } from "../errors";
import { boundText } from "../logging/bounded-text";

/** Base class of every error the consumer runtime raises or reports. */
export class ConsumerError extends named("ConsumerError", FifoqError) {}

/**
 * Thrown by a consumer's `handle` (or `parse`) when retrying cannot help: the message is sent to the
 * dead-letter queue at once, acknowledged, and its group goes on. Subclass it for your own permanent errors.
 */
export class PermanentError extends named("PermanentError", ConsumerError) {}

/** The body is not JSON, or the consumer's `parse` refused it. Permanent: it would fail the same way again. */
export class MessageParseError extends named("MessageParseError", PermanentError) {
  constructor(
    readonly messageId: string,
    options: ErrorOptions & { cause: unknown },
  ) {
    super(`message ${messageId}: body could not be parsed: ${toError(options.cause).message}`, options);
  }
}

/** A permanently failing message could not be sent to the dead-letter queue; it is reported failed instead. */
export class DeadLetterSendError extends named("DeadLetterSendError", ConsumerError) {
  constructor(
    readonly messageId: string,
    options: ErrorOptions & { cause: unknown },
  ) {
    super(
      `message ${messageId}: could not be sent to the dead-letter queue: ${toError(options.cause).message}`,
      options,
    );
  }
}

/** Another live invocation holds this message's idempotency claim; SQS delivers it again later. */
export class IdempotencyBusyError extends named("IdempotencyBusyError", ConsumerError) {
  constructor(readonly messageId: string) {
    super(`message ${messageId}: another invocation holds its dedupId; SQS retries it`);
  }
}

/**
 * The idempotency store could not be reached or gave no decision; nothing was run. `claimMayBeHeld`: the
 * batch's own claim request failed and may have landed anyway (the batch may hold the key until its lease ends).
 */
export class IdempotencyUnavailableError extends named("IdempotencyUnavailableError", ConsumerError) {
  constructor(
    readonly messageId: string,
    options: ErrorOptions & { cause: unknown },
    readonly claimMayBeHeld = false,
  ) {
    super(`message ${messageId}: idempotency store unavailable: ${toError(options.cause).message}`, options);
  }
}

/** `handle` succeeded but its completion could not be made durable; reported failed per the guard contract. */
export class CompletionUnrecordedError extends named("CompletionUnrecordedError", ConsumerError) {
  constructor(
    readonly messageId: string,
    options?: ErrorOptions & { readonly stagedOn?: readonly string[] },
  ) {
    const staged = options?.stagedOn;
    super(
      staged && staged.length > 0
        ? `message ${messageId}: handle succeeded, but its completion and its staged writes on ${staged.map((table) => JSON.stringify(table)).join(", ")} were not recorded (nothing of them was applied if the store refused them): ${toError(options.cause).message}`
        : `message ${messageId}: processed, but its completion was not recorded`,
      options,
    );
  }
}

/** Anything thrown, as an `Error` (a thrown string or object is wrapped, never lost). */
export const toError = (value: unknown): Error => {
  if (value instanceof Error) return value;
  const text = typeof value === "string" ? value : safeJson(value);
  return new Error(`non-Error thrown: ${text}`, { cause: value });
};

const safeJson = (value: unknown): string => {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

/** The `{ name, message }` that log lines and dead letters carry (never a stack or a body), each bounded. */
export const errorSummary = (error: Error): { readonly name: string; readonly message: string } => ({
  name: boundText(String(error.name)),
  message: boundText(String(error.message)),
});

/**
 * Why a record was reported failed without running (or without finishing before time ran low): its failure-log entry, so that if SQS later moves it to
 * the dead-letter queue, its dead letter still has its original dedup id and says why it never ran.
 */
export class RecordNotRunError extends named("RecordNotRunError", ConsumerError) {}

/**
 * `context.transaction` refused a write: its table is not in the queue's `effectTables`, the transaction would
 * pass DynamoDB's 100 actions or 4 MB, idempotency is off, or `handle` had already returned. Permanent: the
 * same code stages the same way on every attempt (fix it, then redrive the dead letter).
 */
export class TransactionRefusedError extends named("TransactionRefusedError", PermanentError) {}

/**
 * The condition of a staged write failed when the record's transaction was committed: nothing of it was
 * applied and the record failed. Not permanent: the retry runs `handle` again on the current state (an
 * optimistic-concurrency check that lost a race passes then). To dead-letter at once, check in `handle` and
 * throw a `PermanentError`.
 */
export class TransactionConditionError extends named("TransactionConditionError", ConsumerError) {}
