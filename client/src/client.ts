import { type PublishBatchOptions, publishBatch } from "./publish-batch.js";
import { deadLetterBodyChunk, readDeadLetterBody } from "./read-dead-letter-body.js";
import { type RedriveAllOptions, redriveAll } from "./redrive-all.js";
import { DEFAULT_MAX_RESPONSE_BYTES } from "./response.js";
import { DEFAULT_RETRY, type RetryOptions, sleep } from "./retry.js";
import * as time from "./time-calls.js";
import { timingFields } from "./timing.js";
import { createTransport, dlqPath, jsonText, type RequestSigner, type Send, segment } from "./transport.js";
import type {
  DeadLetter,
  DeadLetterBodyChunk,
  DeadLetterFilter,
  DeadLetterPage,
  ListDeadLettersOptions,
  Message,
  MessageStatus,
  PublishBatchResult,
  PublishResult,
  QueueSummary,
  RedriveAllResult,
  RedriveResult,
  Schedule,
  ScheduleDefinition,
  ScheduledMessage,
  ScheduledPage,
  ScheduledReceipt,
  ScheduleList,
} from "./types.js";

export interface FifoqClientOptions {
  /** Base URL of the API including the stage (the stack's `ApiUrl`, or what `npm start` printed). */
  readonly url: string;
  /** Sent as `x-api-key`. Dead-letter operations need an operator key. */
  readonly apiKey?: string | undefined;
  /** Signs every attempt, e.g. `sigv4Signer(...)` from `@fifoq/client/sigv4` for `api.auth: "iam"`. */
  readonly signer?: RequestSigner | undefined;
  /** Retries of 429, 503 and network errors; `false` sends each request once. @default DEFAULT_RETRY */
  readonly retry?: Partial<RetryOptions> | false;
  /** Per attempt. @default 30000 */
  readonly timeoutMs?: number;
  /**
   * The longest answer the client reads, in bytes; it stops reading a longer one and throws
   * `FifoqResponseTooLargeError` (not retried). @default 16 MiB
   */
  readonly maxResponseBytes?: number;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** For tests: the wait between attempts. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** For tests: jitter in [0, 1). @default Math.random */
  readonly random?: () => number;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
}

export interface PublishOptions extends CallOptions {
  /** Sent as `Idempotency-Key` (used as the dedup id when the message has none). */
  readonly idempotencyKey?: string;
}

/** A message with a `delay` or a `notBefore`. */
type DelayedMessage<Body> = Message<Body> &
  ({ readonly delay: number } | { readonly notBefore: Date | string });

export interface RedriveOptions extends CallOptions {
  /** Send a record the API calls uncertain (left `redriving`; it may have run) anyway. @default false */
  readonly force?: boolean | undefined;
}

/** `limit` (1–100, the API's default 20) and `cursor` (the previous page's `nextCursor`). */
export interface PageOptions extends CallOptions {
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

const scheduledPath = (queue: string, id?: string) =>
  `/queues/${segment(queue)}/scheduled${id === undefined ? "" : `/${segment(id)}`}`;

/**
 * fifoq's HTTP API, typed. Every request is retried on 429, 503 and network errors with exponential
 * backoff and full jitter, waiting at least `Retry-After`; a retry resends the same bytes, so a message
 * keeps its dedup id and publishing twice never enqueues twice within SQS's 5-minute window.
 */
export class FifoqClient {
  private readonly send: Send;
  private readonly retry: RetryOptions;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(options: FifoqClientOptions) {
    if (!/^https?:\/\//.test(options.url)) {
      throw new TypeError(`url must start with http:// or https://; got ${JSON.stringify(options.url)}`);
    }
    const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.retry =
      options.retry === false ? { ...DEFAULT_RETRY, maxAttempts: 1 } : { ...DEFAULT_RETRY, ...options.retry };
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? sleep;
    this.send = createTransport({
      url: options.url,
      apiKey: options.apiKey,
      signer: options.signer,
      fetch: fetchImpl,
      retry: this.retry,
      timeoutMs: options.timeoutMs ?? 30_000,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      sleep: this.sleep,
      random: this.random,
      now: Date.now,
    });
  }

  /**
   * `POST /queues/{queue}/messages`. With `delay` (seconds) or `notBefore` (a `Date`) the API schedules the
   * message and answers a `ScheduledReceipt` (a zero delay or a past time publishes at once). A body JSON cannot carry, or a bad delay, rejects
   * with `FifoqInputError`, sending nothing.
   */
  publish<Body>(
    queue: string,
    message: DelayedMessage<Body>,
    options?: PublishOptions,
  ): Promise<PublishResult | ScheduledReceipt>;
  publish<Body>(queue: string, message: Message<Body>, options?: PublishOptions): Promise<PublishResult>;
  async publish<Body>(
    queue: string,
    message: Message<Body>,
    options: PublishOptions = {},
  ): Promise<PublishResult | ScheduledReceipt> {
    const { body, groupId, dedupId, attributes } = message;
    return this.send({
      method: "POST",
      path: `/queues/${segment(queue)}/messages`,
      body: jsonText({ body, groupId, dedupId, attributes, ...timingFields(message) }, "the message"),
      headers: options.idempotencyKey ? { "idempotency-key": options.idempotencyKey } : {},
      signal: options.signal,
    });
  }

  /** Any number of messages, in requests of ≤ 100 entries and ≤ 6 MiB; see `publishBatch` for the order rules. */
  async publishBatch(
    queue: string,
    messages: readonly Message[],
    options: PublishBatchOptions = {},
  ): Promise<PublishBatchResult> {
    const deps = { send: this.send, retry: this.retry, random: this.random, sleep: this.sleep };
    return publishBatch(queue, messages, deps, options);
  }

  /** `GET /queues`: each configured queue with depth, in-flight and dead-letter count. */
  async queues(options: CallOptions = {}): Promise<QueueSummary[]> {
    const answer = await this.send<{ queues: QueueSummary[] }>({
      method: "GET",
      path: "/queues",
      signal: options.signal,
    });
    return answer.queues;
  }

  /** One page of dead letters, newest first. */
  async listDeadLetters(
    queue: string,
    options: ListDeadLettersOptions & CallOptions = {},
  ): Promise<DeadLetterPage> {
    const { limit, cursor, groupId, status } = options;
    return this.send({
      method: "GET",
      path: dlqPath(queue),
      query: { limit, cursor, groupId, status },
      signal: options.signal,
    });
  }

  /** Every dead letter matching `filter`, newest first, following the cursor page by page. */
  async *deadLetters(queue: string, filter: DeadLetterFilter & CallOptions = {}): AsyncGenerator<DeadLetter> {
    let cursor: string | undefined;
    do {
      const page = await this.listDeadLetters(queue, { ...filter, limit: 100, cursor });
      yield* page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }

  async getDeadLetter(queue: string, id: string, options: CallOptions = {}): Promise<DeadLetter> {
    return this.send({ method: "GET", path: dlqPath(queue, id), signal: options.signal });
  }

  /**
   * A dead letter's whole body exactly as SQS delivered it (raw text, not parsed), whatever its size: read a
   * slice per call along `nextOffset` (at most 64 calls). For a record answered with `bodyOmittedBytes`.
   */
  deadLetterBody(queue: string, id: string, options: CallOptions = {}): Promise<string> {
    return readDeadLetterBody(this.send, queue, id, options.signal);
  }

  /** One slice of a dead letter's raw body from `offset` (0 by default); `nextOffset` is the next call's. */
  deadLetterBodyChunk(
    queue: string,
    id: string,
    options: CallOptions & { readonly offset?: number } = {},
  ): Promise<DeadLetterBodyChunk> {
    return deadLetterBodyChunk(this.send, { queue, id, offset: options.offset }, options.signal);
  }

  /**
   * Sends one dead letter back to its queue, in its group; redriving it again returns the same answer. A record
   * left `redriving` past SQS's 5-minute dedup window may have run: the API refuses it with
   * `RedriveUncertainError` (409 `REDRIVE_UNCERTAIN`) unless `force` (sent as `?force=true`).
   */
  async redriveDeadLetter(queue: string, id: string, options: RedriveOptions = {}): Promise<RedriveResult> {
    return this.send({
      method: "POST",
      path: `${dlqPath(queue, id)}/redrive`,
      query: { force: options.force ? "true" : undefined },
      signal: options.signal,
    });
  }

  /** Every `new` dead letter of the queue (or of `groupId`), following `more: true` until done. */
  async redriveAll(queue: string, options: RedriveAllOptions = {}): Promise<RedriveAllResult> {
    return redriveAll(this.send, queue, options);
  }

  /** Marks a dead letter `discarded` (kept until it expires). */
  async discardDeadLetter(queue: string, id: string, options: CallOptions = {}): Promise<void> {
    await this.send({ method: "DELETE", path: dlqPath(queue, id), signal: options.signal });
  }

  /** One page of a queue's delayed messages (operator key). */
  listScheduled(queue: string, options: PageOptions = {}): Promise<ScheduledPage> {
    const { limit, cursor, signal } = options;
    return this.send({ method: "GET", path: scheduledPath(queue), query: { limit, cursor }, signal });
  }

  /** Every delayed message of the queue, following the cursor page by page. */
  async *scheduled(queue: string, options: CallOptions = {}): AsyncGenerator<ScheduledMessage> {
    let cursor: string | undefined;
    do {
      const page = await this.listScheduled(queue, { limit: 100, cursor, signal: options.signal });
      yield* page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }

  getScheduled(queue: string, id: string, options: CallOptions = {}): Promise<ScheduledMessage> {
    return this.send({ method: "GET", path: scheduledPath(queue, id), signal: options.signal });
  }

  /** Cancels a delayed message before its release; after it, throws `AlreadyReleasedError` (409). */
  async cancelScheduled(queue: string, id: string, options: CallOptions = {}): Promise<void> {
    await this.send({ method: "DELETE", path: scheduledPath(queue, id), signal: options.signal });
  }

  /** `GET /schedules`: every recurring schedule with its next fire times, page after page (operator key). */
  schedules(options: CallOptions = {}): Promise<Schedule[]> {
    return time.listSchedules(this.send, options.signal);
  }

  /** One page of `GET /schedules` (`limit` 1–100, default 20); its `nextCursor` is the next page's `cursor`. */
  listSchedulesPage(options: PageOptions = {}): Promise<ScheduleList> {
    const { limit, cursor, signal } = options;
    return time.listSchedulesPage(this.send, { limit, cursor }, signal);
  }

  getSchedule(name: string, options: CallOptions = {}): Promise<Schedule> {
    return time.getSchedule(this.send, name, options.signal);
  }

  /** Creates or replaces a schedule. */
  putSchedule(name: string, definition: ScheduleDefinition, options: CallOptions = {}): Promise<Schedule> {
    return time.putSchedule(this.send, name, definition, options.signal);
  }

  deleteSchedule(name: string, options: CallOptions = {}): Promise<void> {
    return time.deleteSchedule(this.send, name, options.signal);
  }

  pauseSchedule(name: string, options: CallOptions = {}): Promise<Schedule> {
    return time.setSchedulePaused(this.send, name, true, options.signal);
  }

  resumeSchedule(name: string, options: CallOptions = {}): Promise<Schedule> {
    return time.setSchedulePaused(this.send, name, false, options.signal);
  }

  /** Where a message is (`scheduled`, `queued`, `processed`, `dead-lettered`), by its group and dedupId. */
  status(
    queue: string,
    dedupId: string,
    options: CallOptions & { readonly groupId: string },
  ): Promise<MessageStatus> {
    return time.messageStatus(this.send, queue, dedupId, options.groupId, options.signal);
  }
}
