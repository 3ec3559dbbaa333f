import type { BatchEntryResult, PublishBatchResponse } from "../../../contract";
import { InvalidMessageError, UpstreamUnavailableError } from "../http/errors";
import type { ScheduleDeps } from "../scheduled/schedule-message";
import { readBatchEntries, validateBatchEntries } from "./batch-request";
import { callFailure, ENTRY_ERROR_CODES, refusedEntryFailure } from "./entry-errors";
import { fitForSqs, type LargeMessageDeps, maxMessageBytes } from "./large-messages";
import { PRODUCER_LIMITS } from "./limits";
import { planBatches } from "./plan-batches";
import { NO_DELAYS } from "./publish-message";
import { type EntryOutcome, runPlan, type SendPlannedBatch } from "./run-plan";
import { scheduleBatch } from "./schedule-batch";
import type { MessageSender, OutgoingMessage, QueueTarget } from "./types";

export interface PublishBatchInput {
  readonly queue: QueueTarget;
  readonly payload: unknown;
  readonly idempotencyKey?: string | undefined;
}

export interface PublishBatchDeps extends LargeMessageDeps {
  readonly sender: MessageSender;
  /** SendMessageBatch calls in flight at once. @default 10 */
  readonly maxInFlight?: number;
  /** Called with each error that failed a whole SendMessageBatch call (to log it). */
  readonly onSendError?: (error: unknown) => void;
  /** Delayed messages; unset, an entry with a delay is refused. */
  readonly schedule?: ScheduleDeps | undefined;
}

const sendWith = (
  deps: PublishBatchDeps,
  queue: QueueTarget,
  messages: readonly OutgoingMessage[],
  unavailable: UpstreamUnavailableError[],
): SendPlannedBatch => {
  return async (indexes) => {
    const outcomes = new Map<number, EntryOutcome>();
    const entries = indexes.flatMap((index) => {
      const message = messages[index];
      return message ? [{ id: String(index), message }] : [];
    });
    try {
      const result = await deps.sender.sendBatch(queue.url, entries);
      for (const ok of result.successful) {
        const sent = { messageId: ok.messageId, sequenceNumber: ok.sequenceNumber };
        outcomes.set(Number(ok.id), { status: "accepted", sent });
      }
      for (const bad of result.failed) {
        const error = refusedEntryFailure(bad.code, bad.message, bad.senderFault);
        outcomes.set(Number(bad.id), { status: "failed", error });
      }
    } catch (error) {
      if (error instanceof UpstreamUnavailableError) unavailable.push(error);
      else deps.onSendError?.(error);
      for (const index of indexes) outcomes.set(index, { status: "failed", error: callFailure(error) });
    }
    return outcomes;
  };
};

const toResult = (index: number, outcome: EntryOutcome | undefined): BatchEntryResult => {
  if (outcome?.status === "accepted") {
    const { messageId, sequenceNumber } = outcome.sent;
    return { index, status: "accepted", messageId, sequenceNumber };
  }
  const error = outcome?.error ?? callFailure(undefined);
  return { index, status: "failed", error };
};

const BECAUSE_UNAVAILABLE: readonly string[] = [
  ENTRY_ERROR_CODES.upstreamUnavailable,
  ENTRY_ERROR_CODES.notSentOrderPreserved,
];

/**
 * `POST /queues/{queue}/messages/batch`: validate every entry, plan SQS batches that keep each group's order
 * (see `planBatches`), send them concurrently where groups allow, and report each entry in request order.
 *
 * Decision: when nothing was accepted and every failure comes from SQS being unreachable (or from entries held
 * back behind such a failure), the whole request fails with 503 `UPSTREAM_UNAVAILABLE` + `Retry-After` instead
 * of a 200 full of failures: nothing was enqueued, so the request can be retried as a whole, exactly as a
 * single publish would be.
 */
export const publishBatch = async (
  input: PublishBatchInput,
  deps: PublishBatchDeps,
): Promise<PublishBatchResponse> => {
  const entries = readBatchEntries(input.payload, input.idempotencyKey);
  const valid = validateBatchEntries(entries, input.queue, deps.schedule?.now(), maxMessageBytes(deps));
  if (valid.some((entry) => entry.releaseAt !== undefined) && !deps.schedule) {
    throw new InvalidMessageError(NO_DELAYS, [{ field: "delaySeconds", message: NO_DELAYS }]);
  }
  const immediate = valid.flatMap((entry, index) => (entry.releaseAt === undefined ? [index] : []));
  const [sent, scheduled] = await Promise.all([
    sendImmediate(
      input,
      deps,
      immediate.map((index) => valid[index]?.message).filter((m) => m !== undefined),
    ),
    deps.schedule
      ? scheduleBatch(input.queue.name, valid, deps.schedule)
      : new Map<number, BatchEntryResult>(),
  ]);
  if (scheduled.size === 0 && sent.unavailable) throw sent.unavailable;
  const results = valid.map((_, index) => {
    const local = immediate.indexOf(index);
    const result = local >= 0 ? sent.results[local] : scheduled.get(index);
    return { ...(result ?? { status: "failed" as const, error: callFailure(undefined) }), index };
  });
  return { results };
};

/** Sends the immediate entries (indexes local to `messages`); `unavailable` when none went through SQS. */
const sendImmediate = async (
  input: PublishBatchInput,
  deps: PublishBatchDeps,
  messages: readonly OutgoingMessage[],
): Promise<{ results: BatchEntryResult[]; unavailable?: UpstreamUnavailableError }> => {
  if (messages.length === 0) return { results: [] };
  const fitted = await Promise.all(messages.map((message) => fitForSqs(input.queue.name, message, deps)));
  const unavailable: UpstreamUnavailableError[] = [];
  const outcomes = await runPlan(planBatches(fitted), {
    maxInFlight: deps.maxInFlight ?? PRODUCER_LIMITS.maxConcurrentBatches,
    groupOf: (index) => fitted[index]?.groupId ?? "",
    send: sendWith(deps, input.queue, fitted, unavailable),
  });
  const results = messages.map((_, index) => toResult(index, outcomes.get(index)));
  const [firstUnavailable] = unavailable;
  const allUnavailable = results.every(
    (result) => result.status === "failed" && BECAUSE_UNAVAILABLE.includes(result.error.code),
  );
  if (firstUnavailable && allUnavailable) {
    const whole = new UpstreamUnavailableError(
      `${firstUnavailable.message}; no message was accepted: retry the whole batch (its dedup ids make that safe)`,
      {
        retryAfterSeconds: Math.max(...unavailable.map((error) => error.retryAfterSeconds)),
        cause: firstUnavailable,
      },
    );
    return { results, unavailable: whole };
  }
  return { results };
};
