import type { Logger } from "../logging/logger";
import { checkOut } from "../payloads/claim-check";
import type { DeadlineClock } from "./deadline";
import {
  CompletionUnrecordedError,
  DeadLetterSendError,
  errorSummary,
  IdempotencyBusyError,
  IdempotencyUnavailableError,
  PermanentError,
  TransactionConditionError,
  toError,
} from "./errors";
import { failureEntry, recordFailures } from "./failure-capture";
import type { PlannedRecord } from "./group-plan";
import { type GuardDecision, type GuardSession, RUN } from "./idempotency-port";
import { carriedBody, messageIdentity, parseMessage, toOutboundDeadLetter, unparsedMessage } from "./message";
import type { RecordResult } from "./record-result";
import { effectTableNames, type StagedWrite, stageTransaction } from "./transaction";
import type { ConsumerDefinition, ConsumerDeps, ConsumerMessage, Outcome, UnparsedMessage } from "./types";

/** Everything one batch shares while its records run. */
export interface RunContext<TBody, TResult> {
  readonly definition: ConsumerDefinition<TBody, TResult>;
  readonly deps: ConsumerDeps;
  readonly decisions: ReadonlyMap<string, GuardDecision>;
  /** `undefined`: idempotency is off (or begin failed): nothing is committed. */
  readonly session?: GuardSession | undefined;
  readonly clock: DeadlineClock;
  readonly now: () => number;
}

type Attempt<TResult> =
  | { readonly ok: true; readonly result: TResult; readonly writes: readonly StagedWrite[] }
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
  const { deps } = run;
  const tables = effectTableNames(deps.effectTables);
  const staging = stageTransaction({
    messageId: message.id,
    tables: new Set(Object.values(tables)),
    disabled: run.session
      ? undefined
      : "idempotency is off; staged writes commit with the record's completion",
  });
  const context = {
    remainingTimeMs: run.clock.remainingMs,
    logger,
    transaction: staging.transaction,
    tables,
  };
  try {
    const result = await run.definition.handle(message, context);
    return { ok: true, result, writes: staging.close() };
  } catch (cause) {
    staging.close();
    return { ok: false, error: toError(cause) };
  }
};

const actionOf = (write: StagedWrite | undefined) => Object.entries(write ?? {})[0] ?? ["?", {}];

/** The table a staged write goes to. */
const tableOf = (write: StagedWrite): string =>
  String((actionOf(write)[1] as { TableName?: string }).TableName);

/** Describes a staged write for an error message: its action and table. */
const describe = (write: StagedWrite | undefined) =>
  `${actionOf(write)[0]} on ${JSON.stringify(write ? tableOf(write) : undefined)}`;

/** Commits a record and its staged writes in one transaction. `undefined`: recorded; else why it failed. */
const commitStaged = async (
  id: string,
  writes: readonly StagedWrite[],
  session: GuardSession,
): Promise<Error | undefined> => {
  const result = await session.commitWith(id, writes);
  if (result.kind === "recorded") return undefined;
  if (result.kind === "unrecorded") {
    const stagedOn = [...new Set(writes.map((write) => tableOf(write)))];
    return new CompletionUnrecordedError(id, { cause: result.error, stagedOn });
  }
  return new TransactionConditionError(
    `message ${id}: the condition of staged write ${result.index} (${describe(writes[result.index])}) failed; nothing was applied`,
  );
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
  let body = carriedBody(record);
  try {
    body = await checkOut(record.body, run.deps.payloads);
    message = parseMessage(envelope, body, run.definition.parse);
  } catch (cause) {
    return settleFailure(planned, unparsedMessage(envelope, body), toError(cause), run, done);
  }
  const attempt = await attemptHandle(message, run, messageLogger(run.deps.logger, planned));
  if (!attempt.ok) return settleFailure(planned, message, attempt.error, run, done);
  // Without staged writes the record joins the batch's next commit; with them it commits now, with them.
  if (attempt.writes.length === 0 || !run.session) run.session?.succeeded(envelope.id);
  else {
    const uncommitted = await commitStaged(envelope.id, attempt.writes, run.session);
    if (uncommitted) return settleFailure(planned, message, uncommitted, run, done);
  }
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
  const decision = run.decisions.get(id) ?? RUN;
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
      return fail(new IdempotencyUnavailableError(id, { cause: decision.error }, decision.claimMayBeHeld));
    case "run":
      return execute(planned, run);
  }
};
