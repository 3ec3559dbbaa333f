import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  type AutoRefreshStatus,
  createAutoRefresh,
  DEFAULT_REFRESH_MS,
  refreshIntervalMs,
} from "../../../console/src/auto-refresh";

const T0 = new Date("2026-12-01T12:00:00Z");

/** An auto-refresh whose run is counted (and can be made to fail or to hang). */
const setup = (options: { skip?: () => boolean } = {}) => {
  const runs: Date[] = [];
  const seen: AutoRefreshStatus[] = [];
  let next: (() => Promise<void>) | undefined;
  const refresher = createAutoRefresh({
    intervalMs: 5_000,
    run: async () => {
      runs.push(new Date());
      await next?.();
    },
    onChange: (status) => seen.push(status),
    ...options,
  });
  return { refresher, runs, seen, setNext: (run: () => Promise<void>) => (next = run) };
};

describe("console auto-refresh", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("refreshes every interval once started, and records when the last one ended", async () => {
    // Arrange
    const { refresher, runs } = setup();

    // Act
    refresher.start();
    await vi.advanceTimersByTimeAsync(4_999);
    // Assert: the start counts as a refresh; nothing yet
    expect(runs).toEqual([]);
    expect(refresher.status().lastRefresh).toEqual(T0);
    // Act
    await vi.advanceTimersByTimeAsync(1 + 5_000);

    // Assert
    expect(runs.map((run) => run.getTime() - T0.getTime())).toEqual([5_000, 10_000]);
    expect(refresher.status()).toMatchObject({ lastRefresh: new Date(T0.getTime() + 10_000), count: 2 });
  });

  it("does not refresh while paused, and refreshes at once on resume", async () => {
    // Arrange
    const { refresher, runs } = setup();
    refresher.start();

    // Act
    refresher.pause();
    await vi.advanceTimersByTimeAsync(60_000);
    // Assert
    expect(runs).toEqual([]);
    expect(refresher.status().paused).toBe(true);
    // Act
    await refresher.resume();
    await vi.advanceTimersByTimeAsync(5_000);

    // Assert: one at resume, then every 5 s again
    expect(runs.map((run) => run.getTime() - T0.getTime())).toEqual([60_000, 65_000]);
  });

  it("waits for a refresh to end before the next interval, and never runs two at once", async () => {
    // Arrange: a refresh that takes 12 s
    const { refresher, runs, setNext } = setup();
    setNext(() => new Promise((resolve) => setTimeout(resolve, 12_000)));
    refresher.start();

    // Act: a manual refresh while the tick's is under way
    await vi.advanceTimersByTimeAsync(6_000);
    const manual = refresher.refreshNow();
    await vi.advanceTimersByTimeAsync(11_000);
    await manual;

    // Assert: one run (at 5 s), ended at 17 s; the next one 5 s after that
    expect(runs.length).toBe(1);
    expect(refresher.status().lastRefresh).toEqual(new Date(T0.getTime() + 17_000));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(runs.length).toBe(2);
  });

  it("passes a tick that should be skipped and tries again at the next", async () => {
    // Arrange
    let busy = true;
    const { refresher, runs } = setup({ skip: () => busy });
    refresher.start();

    // Act
    await vi.advanceTimersByTimeAsync(10_000);
    busy = false;
    await vi.advanceTimersByTimeAsync(5_000);

    // Assert
    expect(runs.map((run) => run.getTime() - T0.getTime())).toEqual([15_000]);
  });

  it("keeps the last good time after a failed refresh, says it failed, and goes on ticking", async () => {
    // Arrange
    const { refresher, runs, setNext, seen } = setup();
    setNext(() => Promise.reject(new Error("UPSTREAM_UNAVAILABLE")));
    refresher.start();

    // Act
    await vi.advanceTimersByTimeAsync(10_000);

    // Assert
    expect(runs.length).toBe(2);
    expect(refresher.status()).toMatchObject({ failed: true, lastRefresh: T0, running: false });
    expect(seen.some((status) => status.running)).toBe(true);
  });

  it("stops ticking when stopped (sign-out), even with a refresh under way", async () => {
    // Arrange: a refresh that takes 2 s, started at 5 s
    const { refresher, runs, setNext } = setup();
    setNext(() => new Promise((resolve) => setTimeout(resolve, 2_000)));
    refresher.start();
    await vi.advanceTimersByTimeAsync(5_000);

    // Act
    refresher.stop();
    await vi.advanceTimersByTimeAsync(60_000);

    // Assert
    expect(runs.length).toBe(1);
  });

  it("takes its interval from ?refresh=<seconds> (1–3600), else 5 s", () => {
    // Act
    const intervals = ["?refresh=30", "?refresh=1.5", "", "?refresh=0", "?refresh=abc", "?refresh=99999"].map(
      refreshIntervalMs,
    );

    // Assert
    expect(intervals).toEqual([30_000, 1_500, DEFAULT_REFRESH_MS, 5_000, 5_000, 5_000]);
  });
});
