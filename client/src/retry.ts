/** When and how long the client waits before sending a request again. */
export interface RetryOptions {
  /** Attempts in all, the first included; 1 turns retries off. @default 5 */
  readonly maxAttempts: number;
  /** Backoff of the first retry; each further one doubles it (full jitter). @default 200 */
  readonly baseDelayMs: number;
  /** Longest wait. A `Retry-After` above it ends the retries (the error is thrown). @default 20000 */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 20_000 };

/** The statuses the client retries: throttled and temporarily unavailable. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/**
 * `Retry-After` in milliseconds: delta-seconds or an HTTP date; `undefined` when absent or unreadable.
 * A date in the past is 0.
 */
export const parseRetryAfter = (value: string | null | undefined, now: number): number | undefined => {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
};

/**
 * The wait before retry number `retry` (1 for the first): full jitter over `base × 2^(retry−1)`, capped
 * at `maxDelayMs`, and never shorter than the server's `Retry-After`. `undefined`: do not retry (the
 * server asks for longer than `maxDelayMs`).
 */
export const retryDelay = (
  retry: number,
  options: RetryOptions,
  random: () => number,
  retryAfterMs?: number,
): number | undefined => {
  if (retryAfterMs !== undefined && retryAfterMs > options.maxDelayMs) return undefined;
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
};

/** A timer that an `AbortSignal` cuts short (rejecting with the signal's reason). */
export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
