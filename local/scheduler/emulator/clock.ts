/** setTimeout's longest wait; a later fire is reached in steps. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The emulator's time: injected so tests drive fires and retries without waiting. */
export interface SchedulerClock {
  now(): number;
  /** Calls `fn` after `ms` (at most `MAX_TIMER_MS`); the result cancels it. */
  after(ms: number, fn: () => void): () => void;
  sleep(ms: number): Promise<void>;
}

/** The process's own clock; its timers never keep the process alive. */
export const systemClock: SchedulerClock = {
  now: Date.now,
  after(ms, fn) {
    const timer = setTimeout(fn, Math.max(0, Math.min(ms, MAX_TIMER_MS)));
    timer.unref();
    return () => clearTimeout(timer);
  },
  sleep: (ms) =>
    new Promise((resolve) => {
      systemClock.after(ms, resolve);
    }),
};
