/**
 * The console's auto-refresh: one refresh at a time, the next one `intervalMs` after the last one ended,
 * pausable, and remembering when the last one succeeded. No DOM here: the page renders `status()` from
 * `onChange`. Timers are the global ones (the tests' fake clocks replace them).
 */

export const DEFAULT_REFRESH_MS = 5_000;

export interface AutoRefreshStatus {
  readonly intervalMs: number;
  readonly paused: boolean;
  /** A refresh is under way. */
  readonly running: boolean;
  /** When the last successful refresh ended. */
  readonly lastRefresh: Date | undefined;
  /** The last refresh failed (the page reported why). */
  readonly failed: boolean;
  /** Refreshes started so far. */
  readonly count: number;
}

export interface AutoRefreshOptions {
  readonly intervalMs: number;
  /** One refresh; a rejection counts as a failed refresh. */
  readonly run: () => Promise<void>;
  readonly onChange: (status: AutoRefreshStatus) => void;
  /** True when a tick should pass without refreshing (an action under way, a dialog open, a hidden tab). */
  readonly skip?: () => boolean;
  readonly now?: () => Date;
}

export interface AutoRefresh {
  /** Starts ticking after a load the page just made, which counts as the last refresh. */
  start(): void;
  /** Stops ticking until `start` (sign-out). */
  stop(): void;
  pause(): void;
  /** Refreshes now, then ticks again. */
  resume(): Promise<void>;
  /** Refreshes now (or joins the refresh under way) and restarts the interval. */
  refreshNow(): Promise<void>;
  status(): AutoRefreshStatus;
}

export const createAutoRefresh = (options: AutoRefreshOptions): AutoRefresh => {
  const now = options.now ?? (() => new Date());
  let status: AutoRefreshStatus = {
    intervalMs: options.intervalMs,
    paused: false,
    running: false,
    lastRefresh: undefined,
    failed: false,
    count: 0,
  };
  let started = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<void> | undefined;

  const update = (change: Partial<AutoRefreshStatus>) => {
    status = { ...status, ...change };
    options.onChange(status);
  };
  const clear = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  const schedule = () => {
    clear();
    if (started && !status.paused) timer = setTimeout(tick, options.intervalMs);
  };
  const refresh = async () => {
    update({ running: true, count: status.count + 1 });
    try {
      await options.run();
      update({ running: false, failed: false, lastRefresh: now() });
    } catch {
      update({ running: false, failed: true });
    }
  };
  const refreshNow = (): Promise<void> => {
    clear();
    inFlight ??= refresh().finally(() => {
      inFlight = undefined;
      schedule();
    });
    return inFlight;
  };
  function tick() {
    timer = undefined;
    if (options.skip?.()) schedule();
    else void refreshNow();
  }

  return {
    start: () => {
      started = true;
      update({ lastRefresh: now(), failed: false });
      schedule();
    },
    stop: () => {
      started = false;
      clear();
    },
    pause: () => {
      clear();
      update({ paused: true });
    },
    resume: () => {
      update({ paused: false });
      return refreshNow();
    },
    refreshNow,
    status: () => status,
  };
};

/** `?refresh=<seconds>` in the console's address (1–3600), else every 5 s. */
export const refreshIntervalMs = (search: string): number => {
  const seconds = Number(new URLSearchParams(search).get("refresh") ?? Number.NaN);
  return Number.isFinite(seconds) && seconds >= 1 && seconds <= 3600
    ? Math.round(seconds * 1000)
    : DEFAULT_REFRESH_MS;
};
