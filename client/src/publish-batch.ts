import { NOT_SENT_ORDER_PRESERVED } from "../../contract/index.js";
import {
  assignLanes,
  BATCH_LIMITS,
  partBody,
  partBytes,
  type SerializedEntry,
  serializeEntry,
  takePart,
  tooLargeForAnyRequest,
} from "./batch-parts.js";
import { type ApiEntryResult, acceptedResult, MISSING_RESULT } from "./batch-results.js";
import { type ErrorDetail, FifoqApiError, FifoqClientError, FifoqNetworkError } from "./errors.js";
import { type RetryOptions, retryDelay } from "./retry.js";
import { type Send, segment } from "./transport.js";
import type { BatchEntryResult, EntryError, Message, PublishBatchResult } from "./types.js";

export interface BatchProgress {
  readonly accepted: number;
  readonly failed: number;
  readonly total: number;
}

export interface PublishBatchOptions {
  /** Requests in flight at once, each with groups of its own. @default 4 */
  readonly concurrency?: number;
  /** Called after each request with the running totals. */
  readonly onProgress?: (progress: BatchProgress) => void;
  readonly signal?: AbortSignal;
}

export interface PublishBatchDeps {
  readonly send: Send;
  readonly retry: RetryOptions;
  readonly random: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** The entry code (the API's too): not sent because an earlier message of its group was not accepted. */
export { NOT_SENT_ORDER_PRESERVED };

interface Run {
  readonly path: string;
  readonly entries: readonly SerializedEntry[];
  readonly results: (BatchEntryResult | undefined)[];
  readonly attempts: number[];
  /** Group → index of its first message that failed for good; later messages of the group are not sent. */
  readonly blocked: Map<string, number>;
  readonly tally: { accepted: number; failed: number };
  readonly deps: PublishBatchDeps;
  readonly options: PublishBatchOptions;
  /** An error that every further request would get too (wrong key, unknown queue, API down): stop. */
  fatal: FifoqClientError | undefined;
  /** Request bytes to pack up to: the API's limit, halved after each `413` of a request of several entries. */
  requestBytes: number;
}

const isBlocked = (run: Run, index: number): boolean => {
  const from = run.blocked.get(run.entries[index]?.groupId ?? "");
  return from !== undefined && index > from;
};

const settle = (run: Run, result: BatchEntryResult): void => {
  if (run.results[result.index]) return;
  run.results[result.index] = result;
  if (result.status === "accepted") run.tally.accepted += 1;
  else run.tally.failed += 1;
};

/** Fails one entry for good; its group's later entries are not sent (from its earliest failed entry on). */
const fail = (run: Run, index: number, error: EntryError): void => {
  const group = run.entries[index]?.groupId ?? "";
  const from = run.blocked.get(group);
  if (from === undefined || index < from) run.blocked.set(group, index);
  settle(run, { index, status: "failed", error });
};

const notSent = (run: Run, index: number): void => {
  const group = run.entries[index]?.groupId ?? "";
  const message = `not sent: message ${run.blocked.get(group)} of group "${group}" was not accepted, and sending this one first would break the group's order`;
  settle(run, {
    index,
    status: "failed",
    error: { code: NOT_SENT_ORDER_PRESERVED, message, retryable: true },
  });
};

/** Settles the messages of blocked groups that are still waiting, keeping the others in order. */
const dropBlocked = (run: Run, pending: number[]): void => {
  const kept = pending.filter((index) => !isBlocked(run, index));
  for (const index of pending) if (isBlocked(run, index)) notSent(run, index);
  pending.splice(0, pending.length, ...kept);
};

const applyResults = (run: Run, part: readonly number[], pending: number[], answer: unknown): void => {
  const byPosition = new Map<number, ApiEntryResult>();
  for (const result of (answer as { results?: ApiEntryResult[] })?.results ?? [])
    byPosition.set(result.index, result);
  const again: number[] = [];
  for (const [position, index] of part.entries()) {
    const result = byPosition.get(position);
    if (result?.status === "accepted") {
      settle(run, acceptedResult(index, result));
    } else if (isBlocked(run, index)) {
      notSent(run, index);
    } else if (result?.error?.retryable && (run.attempts[index] ?? 0) + 1 < run.deps.retry.maxAttempts) {
      run.attempts[index] = (run.attempts[index] ?? 0) + 1;
      again.push(index);
    } else {
      fail(run, index, result?.error ?? MISSING_RESULT);
    }
  }
  pending.unshift(...again);
};

const describeDetails = (details: readonly ErrorDetail[]): string =>
  details.map((detail) => (detail.field ? `${detail.field} ${detail.message}` : detail.message)).join("; ");

/** A refused request: invalid entries fail, the valid ones go again; an error every request would get is fatal. */
const applyRefusal = (run: Run, part: readonly number[], pending: number[], error: unknown): void => {
  if (!(error instanceof FifoqClientError)) throw error;
  if (!(error instanceof FifoqApiError) || ![400, 413].includes(error.status)) {
    run.fatal = error;
    pending.unshift(...part);
    return;
  }
  // Details that name entries of this request; without any, the request fails whole (and is not resent)…
  const indexed = error.details.filter((detail) => detail.index !== undefined && detail.index < part.length);
  if (error.status === 413 && indexed.length === 0 && part.length > 1) {
    // …unless it was too large for what carried it (a gateway, Lambda's event): smaller requests, same order.
    run.requestBytes = Math.floor(partBytes(part, run.entries) / 2);
    pending.unshift(...part);
    return;
  }
  const again: number[] = [];
  for (const [position, index] of part.entries()) {
    const own = indexed.filter((detail) => detail.index === position);
    if (own.length > 0 || indexed.length === 0) {
      const message = own.length > 0 ? describeDetails(own) : error.message;
      fail(run, index, { code: error.code, message, retryable: false });
    } else again.push(index);
  }
  pending.unshift(...again);
};

const backoff = async (run: Run, part: readonly number[]): Promise<void> => {
  const retry = Math.max(0, ...part.map((index) => run.attempts[index] ?? 0));
  if (retry === 0) return;
  await run.deps.sleep(retryDelay(retry, run.deps.retry, run.deps.random) ?? 0, run.options.signal);
};

const runLane = async (run: Run, pending: number[]): Promise<void> => {
  while (pending.length > 0 && !run.fatal) {
    dropBlocked(run, pending);
    const part = takePart(pending, run.entries, run.requestBytes);
    if (part.length === 0) break;
    await backoff(run, part);
    try {
      const body = partBody(part, run.entries);
      applyResults(
        run,
        part,
        pending,
        await run.deps.send({ method: "POST", path: run.path, body, signal: run.options.signal }),
      );
    } catch (error) {
      applyRefusal(run, part, pending, error);
    }
    run.options.onProgress?.({ ...run.tally, total: run.entries.length });
  }
};

const fatalFailure = (error: FifoqClientError): EntryError => ({
  code: error.code,
  message: `not sent: ${error.message}`,
  retryable:
    error instanceof FifoqNetworkError ||
    (error instanceof FifoqApiError && [429, 503].includes(error.status)),
});

/**
 * A lane without its entries that no request can carry: each fails at once (`PAYLOAD_TOO_LARGE`) and blocks
 * the rest of its group; its group's earlier entries are still sent, other groups are not held back.
 */
const sendable = (run: Run, lane: readonly number[]): number[] =>
  lane.filter((index) => {
    const entry = run.entries[index];
    const tooLarge = entry && tooLargeForAnyRequest(entry, index);
    if (tooLarge) fail(run, index, tooLarge);
    return !tooLarge;
  });

/**
 * Publishes any number of messages: requests of at most 100 entries and the API's request bytes (6 MiB), so
 * a message of up to 5 MiB goes (alone when nothing fits beside it); groups spread over `concurrency` lanes
 * so that a group's later part is sent only after its earlier part was accepted.
 * Entries the API reports as retryable are sent again (same text, same dedup id) with backoff. A message
 * that fails for good (one too large for any request is never sent: `PAYLOAD_TOO_LARGE`) stops the rest of its
 * group (`NOT_SENT_ORDER_PRESERVED`); other groups go on.
 */
export const publishBatch = async (
  queue: string,
  messages: readonly Message[],
  deps: PublishBatchDeps,
  options: PublishBatchOptions = {},
): Promise<PublishBatchResult> => {
  const entries = messages.map((message, index) => serializeEntry(message, index));
  const run: Run = {
    path: `/queues/${segment(queue)}/messages/batch`,
    entries,
    results: new Array(entries.length).fill(undefined),
    attempts: new Array(entries.length).fill(0),
    blocked: new Map(),
    tally: { accepted: 0, failed: 0 },
    deps,
    options,
    fatal: undefined,
    requestBytes: BATCH_LIMITS.maxRequestBytes,
  };
  const lanes = assignLanes(entries, options.concurrency ?? 4).map((lane) => sendable(run, lane));
  await Promise.all(lanes.map((pending) => runLane(run, pending)));
  const { fatal } = run;
  for (const index of entries.keys()) {
    if (fatal) settle(run, { index, status: "failed", error: fatalFailure(fatal) });
    else if (!run.results[index]) fail(run, index, MISSING_RESULT);
  }
  if (fatal) run.options.onProgress?.({ ...run.tally, total: entries.length });
  const results = run.results.filter((result): result is BatchEntryResult => result !== undefined);
  return { results, ...run.tally };
};
