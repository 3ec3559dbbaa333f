import {
  FifoqApiError,
  FifoqClientError,
  FifoqInputError,
  FifoqNetworkError,
  FifoqTimeoutError,
} from "./errors.js";
import { escapeText } from "./escape-text.js";
import { parseSuccess, readBounded, refuseRedirect, toApiError } from "./response.js";
import { RETRYABLE_STATUSES, type RetryOptions, retryDelay } from "./retry.js";

/** A request as a signer sees it (after the client set its headers). */
export interface SignableRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
}

/** Returns the headers to send: the given ones plus the signature's (e.g. SigV4 from `@fifoq/client/sigv4`). */
export type RequestSigner = (request: SignableRequest) => Promise<Record<string, string>>;

export interface TransportOptions {
  /** Base URL of the API including the stage, e.g. `https://abc.execute-api.eu-west-1.amazonaws.com/v1`. */
  readonly url: string;
  readonly apiKey?: string | undefined;
  readonly signer?: RequestSigner | undefined;
  readonly fetch: typeof fetch;
  readonly retry: RetryOptions;
  /** Per attempt. */
  readonly timeoutMs: number;
  /** The longest answer read; a longer one is a `FifoqResponseTooLargeError`. */
  readonly maxResponseBytes: number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random: () => number;
  readonly now: () => number;
}

export interface ApiRequest {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  /** Already encoded, starting with `/`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  /** Sent as JSON text: the same text on every attempt. */
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal | undefined;
}

export type Send = <T>(init: ApiRequest) => Promise<T>;

/** Percent-encoded; text that is not well-formed (a lone surrogate) is a `FifoqInputError`, nothing is sent. */
const encode = (value: string): string => {
  try {
    return encodeURIComponent(value);
  } catch (cause) {
    throw new FifoqInputError(`"${escapeText(value, 100)}" is not well-formed text (a lone surrogate)`, {
      cause,
    });
  }
};

/**
 * `value` as JSON text. What JSON cannot carry (a `BigInt`, a cycle, nesting too deep for the encoder, a
 * throwing `toJSON`) is a `FifoqInputError` naming `what`, never a plain `TypeError` or `RangeError`.
 */
export const jsonText = (value: unknown, what: string, index?: number): string => {
  try {
    return JSON.stringify(value);
  } catch (cause) {
    const reason =
      cause instanceof RangeError
        ? "it nests too deeply"
        : (cause instanceof Error ? cause.message : String(cause)).split("\n")[0];
    throw new FifoqInputError(`${what} cannot be sent as JSON: ${reason}`, { cause, index });
  }
};

/** One path segment, percent-encoded (a queue name or dead-letter id never splits the path). */
export const segment = (value: string): string => encode(String(value));

/** `/queues/{queue}/dead-letters[/{id}]`, each part one encoded segment. */
export const dlqPath = (queue: string, id?: string) =>
  `/queues/${segment(queue)}/dead-letters${id === undefined ? "" : `/${segment(id)}`}`;

const targetUrl = (base: string, init: ApiRequest): string => {
  const query = Object.entries(init.query ?? {})
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== "")
    .map(([name, value]) => `${encode(name)}=${encode(String(value))}`)
    .join("&");
  return `${base.replace(/\/+$/, "")}${init.path}${query ? `?${query}` : ""}`;
};

/** fetch's own message and, in Node, the socket error beneath it (`ECONNREFUSED`, `ENOTFOUND`, …). */
const describeFailure = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const detail =
    typeof cause?.code === "string" ? cause.code : typeof cause?.message === "string" ? cause.message : "";
  return detail ? `${error.message} (${detail})` : error.message;
};

/**
 * One attempt, cut off after `timeoutMs`; the caller's abort is passed through untouched. A redirect is
 * never followed (`redirect: "manual"`) and the answer is read up to `maxResponseBytes`.
 */
const attempt = async <T>(options: TransportOptions, init: ApiRequest, url: string): Promise<T> => {
  const base: Record<string, string> = {
    accept: "application/json",
    ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
    ...(options.apiKey ? { "x-api-key": options.apiKey } : {}),
    ...init.headers,
  };
  const request = { method: init.method, url, headers: base, body: init.body };
  const headers = options.signer ? await options.signer(request) : base;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), options.timeoutMs);
  const onAbort = () => timeout.abort(init.signal?.reason);
  init.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const response = await options.fetch(url, {
      method: init.method,
      headers,
      body: init.body,
      signal: timeout.signal,
      redirect: "manual",
    });
    refuseRedirect(response, init.method, url);
    const text = await readBounded(response, options.maxResponseBytes, () => timeout.abort());
    if (!response.ok) throw toApiError(response, text, options.now());
    return parseSuccess<T>(response, text);
  } catch (error) {
    if (error instanceof FifoqClientError || init.signal?.aborted) throw error;
    if (timeout.signal.aborted) {
      throw new FifoqTimeoutError(`no answer from ${url} within ${options.timeoutMs} ms`, { cause: error });
    }
    const reason = describeFailure(error);
    throw new FifoqNetworkError(`${init.method} ${url} failed: ${reason}`, { cause: error });
  } finally {
    clearTimeout(timer);
    init.signal?.removeEventListener("abort", onAbort);
  }
};

/** How long to wait before the next attempt, or `undefined` when this error is final. */
const nextDelay = (options: TransportOptions, error: unknown, retry: number): number | undefined => {
  if (retry >= options.retry.maxAttempts) return undefined;
  if (error instanceof FifoqApiError) {
    if (!RETRYABLE_STATUSES.has(error.status)) return undefined;
    const retryAfterMs = error.retryAfterSeconds === undefined ? undefined : error.retryAfterSeconds * 1000;
    return retryDelay(retry, options.retry, options.random, retryAfterMs);
  }
  if (error instanceof FifoqNetworkError) return retryDelay(retry, options.retry, options.random);
  return undefined;
};

/**
 * The client's one way to call the API: JSON in and out, the key or signature on every attempt, and
 * retries of 429, 503 and network errors (timeouts included) with backoff and jitter that honours
 * `Retry-After`. The body text is the same on every attempt, so a message keeps its dedup id.
 */
export const createTransport =
  (options: TransportOptions): Send =>
  async <T>(init: ApiRequest): Promise<T> => {
    const url = targetUrl(options.url, init);
    for (let retry = 1; ; retry += 1) {
      try {
        return await attempt<T>(options, init, url);
      } catch (error) {
        const delay = nextDelay(options, error, retry);
        if (delay === undefined) throw error;
        await options.sleep(delay, init.signal);
      }
    }
  };
