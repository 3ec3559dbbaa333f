import type { SchedulerClock } from "../../local/scheduler/emulator/clock";

/**
 * A clock a test moves by hand: `advance` runs the timers that fall due, in time order; `sleep` (the retry
 * backoff) returns at once, moving the clock, and is recorded.
 */
export const manualClock = (start: number) => {
  let now = start;
  const timers = new Set<{ readonly at: number; readonly fn: () => void }>();
  const sleeps: number[] = [];
  const clock: SchedulerClock & { advance(ms: number): void; readonly sleeps: number[] } = {
    now: () => now,
    after(ms, fn) {
      const timer = { at: now + ms, fn };
      timers.add(timer);
      return () => timers.delete(timer);
    },
    sleep(ms) {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
    advance(ms) {
      const target = now + ms;
      for (;;) {
        const [due] = [...timers].filter((timer) => timer.at <= target).sort((a, b) => a.at - b.at);
        if (!due) break;
        timers.delete(due);
        now = Math.max(now, due.at);
        due.fn();
      }
      now = target;
    },
    sleeps,
  };
  return clock;
};
