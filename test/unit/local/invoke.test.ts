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
    // Act
    const result = await invokeWithDeadline(
      async () => "done",
      Date.now() + 1000,
      new AbortController().signal,
    );

    // Assert
    expect(result).toEqual({ kind: "returned", value: "done" });
  });

  it("reports a thrown error", async () => {
    // Arrange
    const error = new Error("boom");

    // Act
    const result = await invokeWithDeadline(
      async () => {
        throw error;
      },
      Date.now() + 1000,
      new AbortController().signal,
    );

    // Assert
    expect(result).toEqual({ kind: "threw", error });
  });

  it("times out at the deadline even though the function never settles", async () => {
    // Arrange: a function that never settles
    const pending = invokeWithDeadline(
      () => new Promise(() => undefined),
      Date.now() + 1000,
      new AbortController().signal,
    );

    // Act
    await vi.advanceTimersByTimeAsync(1000);

    // Assert
    await expect(pending).resolves.toEqual({ kind: "timed-out" });
  });

  it("is abandoned when the stop grace runs out first", async () => {
    // Arrange: a function that never settles, with a long deadline
    const abandon = new AbortController();
    const pending = invokeWithDeadline(
      () => new Promise(() => undefined),
      Date.now() + 60_000,
      abandon.signal,
    );

    // Act: the stop grace runs out
    abandon.abort();

    // Assert
    await expect(pending).resolves.toEqual({ kind: "abandoned" });
  });
});
