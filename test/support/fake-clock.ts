import { afterEach, beforeEach, vi } from "vitest";

type FakedTimer = NonNullable<NonNullable<Parameters<typeof vi.useFakeTimers>[0]>["toFake"]>[number];

/** The clock and the timeouts only: `setImmediate` stays real, for fakes that answer on a real tick. */
export const CLOCK_AND_TIMEOUTS: readonly FakedTimer[] = ["setTimeout", "clearTimeout", "Date"];

/**
 * Fake timers for each test of the enclosing `describe`, starting at `now` (epoch ms); `toFake` narrows what
 * is faked (vitest's default: every timer and the clock).
 */
export const useFakeClock = (now = 1_700_000_000_000, toFake?: readonly FakedTimer[]): void => {
  beforeEach(() => {
    vi.useFakeTimers(toFake ? { now, toFake: [...toFake] } : { now });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
};
