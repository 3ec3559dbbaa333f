import { afterEach, beforeEach, vi } from "vitest";

/** Fake timers for each test of the enclosing `describe`, starting at `now` (epoch ms). */
export const useFakeClock = (now = 1_700_000_000_000): void => {
  beforeEach(() => {
    vi.useFakeTimers({ now });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
};
