import type { Logger } from "../logging/logger";
import type { DeadlineClock } from "./deadline";
import {
  DeadLetterSendError,
  errorSummary,
  IdempotencyBusyError,
  IdempotencyUnavailableError,
  PermanentError,
  toError,
} from "./errors";
import { failureEntry, recordFailures } from "./failure-capture";
import type { PlannedRecord } from "./group-plan";
import type { Decisions } from "./guard-session";
import { messageIdentity, parseMessage, toOutboundDeadLetter, unparsedMessage } from "./message";
import type { RecordResult } from "./record-result";
import type { ConsumerDefinition, ConsumerDeps, ConsumerMessage, Outcome, UnparsedMessage } from "./types";

/** Everything one batch shares while its records run. */
export interface RunContext<TBody, TResult> {
  readonly definition: ConsumerDefinition<TBody, TResult>;
  readonly deps: ConsumerDeps;
  readonly decisions: Decisions;
  readonly clock: DeadlineClock;
  readonly now: () => number;
}

type Attempt<TResult> =
  | { readonly ok: true; readonly result: TResult }
  | { readonly ok: false; readonly error: Error };

/** Runs a callback; a throw is logged and never changes the record's outcome. */
const runCallback = async (
  logger: Logger,
  name: string,
  planned: PlannedRecord,
  callback: () => unknown,
): Promise<void> => {
  try {
    await callback();
  } catch (cause) {
    const error = errorSummary(toError(cause));
    logger.warn(`${name} threw; the record's outcome is unchanged`, {
      messageId: planned.envelope.id,
      error,
    });
  }
};

/** The logger a handler gets: every line carries the message's identity. */
const messageLogger = (logger: Logger, { envelope }: PlannedRecord): Logger =>
  logger.child(messageIdentity(envelope));

const attemptHandle = async <TBody, TResult>(
  message: ConsumerMessage<TBody>,
  run: RunContext<TBody, TResult>,
  logger: Logger,
): Promise<Attempt<TResult>> => {
  try {
    const result = await run.definition.handle(message, { remainingTimeMs: run.clock.remainingMs, logger });
    return { ok: true, result };
  } catch (cause) {
    return { ok: false, error: toError(cause) };
  }
};

/**
 * Sends a permanently failing message to the dead-letter queue; if that fails it is a normal failure. Its
 * failure entry is written FIRST: the recorder may read it as soon as the message lands in the DLQ.
 */
const deadLetter = async (
  planned: PlannedRecord,
  error: Error,
  { deps, now }: Pick<RunContext<unknown, unknown>, "deps" | "now">,
): Promise<{ outcome: Outcome; error: Error }> => {
  await recordFailures(deps.failureLog, [failureEntry(planned.envelope, error, now())], deps.logger);
  try {
    await deps.deadLetters.send(toOutboundDeadLetter(planned.record, planned.envelope, error));
    return { outcome: "dead-lettered", error };
  } catch (cause) {
    const sendError =
      cause instanceof DeadLetterSendError ? cause : new DeadLetterSendError(planned.envelope.id, { cause });
    return { outcome: "failed", error: sendError };
  }
};

type Done = (outcome: Outcome, error?: Error) => RecordResult;

/** A failure: dead-letter it when permanent, then `onFailure`. */
const settleFailure = async <TBody, TResult>(
  planned: PlannedRecord,
  message: ConsumerMessage<TBody> | UnparsedMessage,
  error: Error,
  run: RunContext<TBody, TResult>,
  done: Done,
): Promise<RecordResult> => {
  const failure =
    error instanceof PermanentError
      ? await deadLetter(planned, error, run)
      : { outcome: "failed" as const, error };
  const result = done(failure.outcome, failure.error);
  await runCallback(run.deps.logger, "onFailure", planned, () =>
    run.definition.onFailure?.(message, failure.error),
  );
  return result;
};

const execute = async <TBody, TResult>(
  planned: PlannedRecord,
  run: RunContext<TBody, TResult>,
): Promise<RecordResult> => {
  const { envelope, record } = planned;
  const started = run.now();
  const done: Done = (outcome, error) => ({
    planned,
    outcome,
    error,
    claimed: true,
    durationMs: run.now() - started,
  });
  let message: ConsumerMessage<TBody>;
  try {
    message = parseMessage(envelope, record.body, run.definition.parse);
  } catch (cause) {
    return settleFailure(planned, unparsedMessage(envelope, record.body), toError(cause), run, done);
  }
  const attempt = await attemptHandle(message, run, messageLogger(run.deps.logger, planned));
  if (!attempt.ok) return settleFailure(planned, message, attempt.error, run, done);
  const result = done("processed");
  await runCallback(run.deps.logger, "onSuccess", planned, () =>
    run.definition.onSuccess?.(message, attempt.result),
  );
  return result;
};

/** Acts on the guard's decision for one record: run it, acknowledge a duplicate, or fail it. */
export const runRecord = <TBody, TResult>(
  planned: PlannedRecord,
  run: RunContext<TBody, TResult>,
): Promise<RecordResult> | RecordResult => {
  const id = planned.envelope.id;
  const decision = run.decisions.get(id) ?? { kind: "run" };
  const fail = (error: Error): RecordResult => ({
    planned,
    outcome: "failed",
    error,
    claimed: false,
    durationMs: 0,
  });
  switch (decision.kind) {
    case "duplicate":
      return { planned, outcome: "duplicate", claimed: false, durationMs: 0 };
    case "busy":
      return fail(new IdempotencyBusyError(id));
    case "unavailable":
      return fail(new IdempotencyUnavailableError(id, { cause: decision.error }));
    case "run":
      return execute(planned, run);
  }
};
