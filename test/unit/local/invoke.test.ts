import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { invokeWithDeadline } from "../../../local/poller/invoke";

describe("invokeWithDeadline", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("returns what the function returned before its deadline", async () => {
    const result = await invokeWithDeadline(
      async () => "done",
      Date.now() + 1000,
      new AbortController().signal,
    );

    expect(result).toEqual({ kind: "returned", value: "done" });
  });

  it("reports a thrown error", async () => {
    const error = new Error("boom");
    const result = await invokeWithDeadline(
      async () => {
        throw error;
      },
      Date.now() + 1000,
      new AbortController().signal,
    );

    expect(result).toEqual({ kind: "threw", error });
  });

  it("times out at the deadline even though the function never settles", async () => {
    const pending = invokeWithDeadline(
      () => new Promise(() => undefined),
      Date.now() + 1000,
      new AbortController().signal,
    );

    await vi.advanceTimersByTimeAsync(1000);

    await expect(pending).resolves.toEqual({ kind: "timed-out" });
  });

  it("is abandoned when the stop grace runs out first", async () => {
    const abandon = new AbortController();
    const pending = invokeWithDeadline(
      () => new Promise(() => undefined),
      Date.now() + 60_000,
      abandon.signal,
    );

    abandon.abort();

    await expect(pending).resolves.toEqual({ kind: "abandoned" });
  });
});
