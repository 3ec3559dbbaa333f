import type { SQSRecord } from "aws-lambda";
import { expect } from "vitest";
import type { DeadLetterSender, OutboundDeadLetter } from "../../../functions/core/consumer/dead-letter-port";
import type {
  GuardBatch,
  GuardDecision,
  GuardRecord,
  IdempotencyGuard,
  RecordOutcome,
  TransactionResult,
} from "../../../functions/core/consumer/idempotency-port";
import type { VisibilityChange } from "../../../functions/core/consumer/retry-backoff";
import type { RetryBackoff } from "../../../functions/core/consumer/retry-visibility";
import type { StagedWrite } from "../../../functions/core/consumer/transaction";
import type { ConsumerDefinition } from "../../../functions/core/consumer/types";
import type { FailureLog, FailureRecord } from "../../../functions/core/dead-letters/failure-log";
import type { ConsumerMetrics } from "../../../functions/core/metrics/consumer-metrics";
import type { PayloadStore } from "../../../functions/core/payloads/payload-store";
import { createConsumer } from "../../../functions/runtime/create-consumer";
import { type LambdaContextInput, lambdaContextFactory, sqsEventFactory } from "../../factories/sqs";
import { createMemoryLogger } from "../../support/memory-logger";

export interface Deferred<T = void> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export const deferred = <T = void>(): Deferred<T> => {
  const handlers: { resolve?: (value: T) => void; reject?: (error: unknown) => void } = {};
  const promise = new Promise<T>((resolve, reject) => Object.assign(handlers, { resolve, reject }));
  return {
    promise,
    resolve: (value) => handlers.resolve?.(value),
    reject: (error) => handlers.reject?.(error),
  };
};

/** Lets every pending promise callback run (no timers involved). */
export const flush = async (): Promise<void> => {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
};

export interface FakeGuard extends IdempotencyGuard {
  readonly begins: { batch: GuardBatch; records: readonly GuardRecord[] }[];
  readonly finishes: { batch: GuardBatch; outcomes: readonly RecordOutcome[] }[];
  /** Every `succeeded` and `commitWith` call, in order: `"succeeded a1"`, `"commit a1 (2 writes)"`. */
  readonly commits: string[];
  readonly transactions: { messageId: string; writes: readonly StagedWrite[] }[];
}

export interface FakeGuardOptions {
  readonly decide?: (record: GuardRecord) => GuardDecision | undefined;
  readonly beginError?: Error;
  readonly finishError?: Error;
  /** @default every outcome "recorded" */
  readonly recorded?: (outcome: RecordOutcome) => "recorded" | "unrecorded";
  /** @default recorded */
  readonly transaction?: (messageId: string, writes: readonly StagedWrite[]) => TransactionResult;
}

/** An in-memory IdempotencyGuard whose decisions the test chooses; it records every call. */
export const fakeGuard = (options: FakeGuardOptions = {}): FakeGuard => {
  const begins: FakeGuard["begins"] = [];
  const finishes: FakeGuard["finishes"] = [];
  const commits: string[] = [];
  const transactions: FakeGuard["transactions"] = [];
  return {
    begins,
    finishes,
    commits,
    transactions,
    async begin(batch, records) {
      begins.push({ batch, records });
      if (options.beginError) throw options.beginError;
      const decide = options.decide ?? (() => ({ kind: "run" }) as const);
      const decisions = new Map<string, GuardDecision>();
      for (const record of records) {
        const decision = decide(record);
        if (decision) decisions.set(record.messageId, decision);
      }
      return {
        decisions,
        succeeded: (messageId) => {
          commits.push(`succeeded ${messageId}`);
        },
        async commitWith(messageId, writes) {
          commits.push(`commit ${messageId} (${writes.length} writes)`);
          transactions.push({ messageId, writes });
          return options.transaction?.(messageId, writes) ?? { kind: "recorded" };
        },
        async finish(outcomes) {
          finishes.push({ batch, outcomes });
          if (options.finishError) throw options.finishError;
          const recorded = options.recorded ?? (() => "recorded" as const);
          return new Map(outcomes.map((outcome) => [outcome.messageId, recorded(outcome)]));
        },
      };
    },
  };
};

export interface FakeDeadLetters extends DeadLetterSender {
  readonly sent: OutboundDeadLetter[];
}

/** Calls to the fakes, in the order they were made, e.g. `["failure-log a1", "dead-letter a1"]`. */
export type CallOrder = string[];

export const fakeDeadLetters = (failWith?: Error, calls: CallOrder = []): FakeDeadLetters => {
  const sent: OutboundDeadLetter[] = [];
  return {
    sent,
    async send(letter) {
      calls.push(`dead-letter ${letter.messageId}`);
      if (failWith) throw failWith;
      sent.push(letter);
    },
  };
};

export interface FakeFailureLog extends FailureLog {
  /** One entry per `record` call, with the entries it was given. */
  readonly writes: (readonly FailureRecord[])[];
}

/** An in-memory failure log that records every `record` call (and throws `failWith` after recording it). */
export const fakeFailureLog = (failWith?: Error, calls: CallOrder = []): FakeFailureLog => {
  const writes: (readonly FailureRecord[])[] = [];
  return {
    writes,
    async record(failures) {
      calls.push(`failure-log ${failures.map((failure) => failure.messageId).join(",")}`);
      writes.push(failures);
      if (failWith) throw failWith;
    },
    async lookup(queue, messageId) {
      const all = writes.flat();
      return all.findLast((entry) => entry.queue === queue && entry.messageId === messageId);
    },
  };
};

export interface HarnessOptions {
  /** Where claim-checked bodies are. */
  readonly payloads?: PayloadStore;
  readonly guard?: IdempotencyGuard;
  /** The fake dead-letter sender fails every send with this error. */
  readonly deadLetterError?: Error;
  readonly safetyMarginMs?: number;
  /** The fake failure log fails every write with this error. */
  readonly failureLogError?: Error;
  /** Epoch ms clock of the runtime. @default Date.now */
  readonly now?: () => number;
  /** The runtime's metrics port. @default none */
  readonly metrics?: ConsumerMetrics;
  readonly effectTables?: readonly string[];
  /** Retry backoff (e.g. with `fakeVisibility`). @default off */
  readonly retry?: RetryBackoff;
}

/** createConsumer with fakes and a memory logger: the whole runtime, no AWS. */
export const consumerHarness = <TBody, TResult>(
  definition: ConsumerDefinition<TBody, TResult>,
  options: HarnessOptions = {},
) => {
  const logger = createMemoryLogger();
  const calls: CallOrder = [];
  const deadLetters = fakeDeadLetters(options.deadLetterError, calls);
  const failureLog = fakeFailureLog(options.failureLogError, calls);
  const consumer = createConsumer(definition, {
    queue: "orders",
    deadLetters,
    idempotency: options.guard,
    failureLog,
    logger,
    now: options.now,
    safetyMarginMs: options.safetyMarginMs,
    metrics: options.metrics,
    effectTables: options.effectTables,
    retry: options.retry,
    payloads: options.payloads,
  });
  return {
    logger,
    deadLetters,
    failureLog,
    /** Dead-letter sends and failure-log writes, in call order. */
    calls,
    run: (records: readonly SQSRecord[], context: LambdaContextInput = {}) =>
      consumer(sqsEventFactory(records), lambdaContextFactory(context)),
    /** The per-record outcome lines, in the order they were written. */
    outcomes: () => logger.lines.filter((line) => line.message === "fifoq record outcome"),
    outcomeOf: (messageId: string) =>
      logger.lines.find((line) => line.message === "fifoq record outcome" && line.messageId === messageId),
  };
};

/**
 * Asserts the outcomes of a batch of `a1`, `a2` (group A) and `b1` (group B) in which `a1` failed with `error`
 * (`name`, `message`): the failure holds group A (`a2` skipped behind it), group B is processed.
 */
export const expectGroupHeldBehindA1 = (
  harness: Pick<ReturnType<typeof consumerHarness>, "outcomeOf">,
  error: { readonly name: string; readonly message: unknown },
): void => {
  expect(harness.outcomeOf("a1")).toMatchObject({ outcome: "failed", error });
  expect(harness.outcomeOf("a2")).toMatchObject({ outcome: "skipped", reason: "group-failed" });
  expect(harness.outcomeOf("b1")?.outcome).toBe("processed");
};

/** The ids a partial batch response reports failed. */
export const failedIds = (response: { batchItemFailures: { itemIdentifier: string }[] }): string[] =>
  response.batchItemFailures.map((failure) => failure.itemIdentifier);

/** A retry backoff with the default policy and no jitter, whose visibility changes are all made and recorded. */
export const recordingRetry = (): { retry: RetryBackoff; changes: VisibilityChange[] } => {
  const changes: VisibilityChange[] = [];
  const retry: RetryBackoff = {
    policy: { minSeconds: 1, maxSeconds: 300 },
    visibility: {
      change: async (requested) => {
        changes.push(...requested);
        return [];
      },
    },
    random: () => 0,
  };
  return { retry, changes };
};
