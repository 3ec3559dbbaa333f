import { describe, expect, it, vi } from "vitest";
import type { VisibilityChange } from "../../../functions/core/consumer/retry-backoff";
import type { VisibilityChanger, VisibilityRefusal } from "../../../functions/core/consumer/retry-visibility";
import { sqsRecordFactory } from "../../factories/sqs";
import { useFakeClock } from "../../support/fake-clock";
import { type CallOrder, consumerHarness, failedIds, fakeGuard } from "./fakes";

interface Step {
  readonly step: string;
  /** Throw on this delivery. */
  readonly fail?: boolean;
  /** Fake milliseconds the handler works. */
  readonly ms?: number;
}

const record = (groupId: string, step: Step, attempt = 1) =>
  sqsRecordFactory({ messageId: step.step, groupId, body: step, attempt });

interface FakeVisibility extends VisibilityChanger {
  readonly calls: { changes: readonly VisibilityChange[]; signal: AbortSignal }[];
}

/** Records every `change` call (also in `calls()`); answers with `answer` (default: every change made). */
const fakeVisibility = (
  calls: () => CallOrder,
  answer: (
    changes: readonly VisibilityChange[],
    signal: AbortSignal,
  ) => Promise<readonly VisibilityRefusal[]> = async () => [],
): FakeVisibility => {
  const recorded: FakeVisibility["calls"] = [];
  return {
    calls: recorded,
    change(changes, signal) {
      calls().push(`visibility ${changes.map((c) => `${c.messageId}=${c.seconds}`).join(",")}`);
      recorded.push({ changes, signal });
      return answer(changes, signal);
    },
  };
};

const handler = {
  handle: async ({ body }: { body: Step }) => {
    await Promise.resolve();
    if (body.ms) vi.advanceTimersByTime(body.ms);
    if (body.fail) throw new Error(`${body.step} failed`);
  },
};

const setup = (answer?: Parameters<typeof fakeVisibility>[1]) => {
  let calls: CallOrder = [];
  const visibility = fakeVisibility(() => calls, answer);
  const guard = fakeGuard();
  const retry = { policy: { minSeconds: 1, maxSeconds: 300 }, visibility, random: () => 0.999_999 };
  const harness = consumerHarness(handler, { guard, retry });
  calls = harness.calls;
  return { calls, visibility, guard, harness };
};

describe("batch runner: retry backoff", () => {
  useFakeClock();

  it("makes no visibility call when every record succeeded", async () => {
    // Arrange
    const { visibility, harness } = setup();

    // Act
    const response = await harness.run([record("A", { step: "a1" }), record("B", { step: "b1" })]);

    // Assert
    expect(response).toEqual({ batchItemFailures: [] });
    expect(visibility.calls).toEqual([]);
  });

  it("sets the failed record and the rest of its group to its backoff in one call, after the failure log", async () => {
    // Arrange: a2 fails on its 3rd delivery (backoff up to 4 s); a3 is skipped behind it; b1 succeeds
    const { calls, visibility, guard, harness } = setup();
    const records = [
      record("A", { step: "a1" }, 3),
      record("B", { step: "b1" }),
      record("A", { step: "a2", fail: true }, 3),
      record("A", { step: "a3" }, 3),
    ];

    // Act
    const response = await harness.run(records);

    // Assert
    expect(failedIds(response)).toEqual(["a2", "a3"]);
    expect(calls).toEqual(["failure-log a2,a3", "visibility a2=4,a3=4"]);
    expect(visibility.calls[0]?.changes.map((c) => c.receiptHandle)).toEqual([
      records[2]?.receiptHandle,
      records[3]?.receiptHandle,
    ]);
    expect(guard.finishes).toHaveLength(1);
    expect(harness.logger.lines).toContainEqual(
      expect.objectContaining({
        message: "retry backoff set",
        retries: [
          { messageId: "a2", seconds: 4 },
          { messageId: "a3", seconds: 4 },
        ],
      }),
    );
  });

  it("keeps the batch's answer when the visibility call throws, and logs which records wait the timeout", async () => {
    // Arrange
    const { harness } = setup(async () => {
      throw new Error("SQS is unavailable");
    });

    // Act
    const response = await harness.run([
      record("A", { step: "a1", fail: true }),
      record("A", { step: "a2" }),
    ]);

    // Assert
    expect(failedIds(response)).toEqual(["a1", "a2"]);
    expect(harness.outcomeOf("a1")).toMatchObject({ outcome: "failed" });
    const warning = harness.logger.lines.find((line) =>
      String(line.message).startsWith("retry backoff not set"),
    );
    expect(warning).toMatchObject({
      level: "warn",
      refused: [
        { messageId: "a1", error: { name: "Error", message: "SQS is unavailable" } },
        { messageId: "a2", error: { name: "Error", message: "SQS is unavailable" } },
      ],
    });
  });

  it("logs the entries SQS refused and the ones it set, apart", async () => {
    // Arrange: SQS refuses b1's entry
    const { harness } = setup(async (changes) =>
      changes
        .filter((c) => c.messageId === "b1")
        .map((c) => ({ messageId: c.messageId, error: { name: "ReceiptHandleIsInvalid", message: "gone" } })),
    );

    // Act
    const response = await harness.run([
      record("A", { step: "a1", fail: true }),
      record("B", { step: "b1", fail: true }),
    ]);

    // Assert
    expect(failedIds(response)).toEqual(["a1", "b1"]);
    const line = (prefix: string) => harness.logger.lines.find((l) => String(l.message).startsWith(prefix));
    expect(line("retry backoff set")?.retries).toEqual([{ messageId: "a1", seconds: 1 }]);
    expect(line("retry backoff not set")?.refused).toEqual([
      { messageId: "b1", error: { name: "ReceiptHandleIsInvalid", message: "gone" } },
    ]);
  });

  it("aborts a visibility call that would run past the deadline, and still answers", async () => {
    // Arrange: a call that never ends on its own; 10 s budget
    const { visibility, harness } = setup(
      (changes, signal) =>
        new Promise((resolve) => {
          signal.addEventListener("abort", () =>
            resolve(
              changes.map((c) => ({ messageId: c.messageId, error: { name: "AbortError", message: "" } })),
            ),
          );
        }),
    );

    // Act
    const running = harness.run([record("A", { step: "a1", fail: true })], { remainingMs: 10_000 });
    await vi.advanceTimersByTimeAsync(9_750);
    const response = await running;

    // Assert
    expect(failedIds(response)).toEqual(["a1"]);
    expect(visibility.calls[0]?.signal.aborted).toBe(true);
    expect(Date.now() - 1_700_000_000_000).toBeLessThanOrEqual(9_750);
  });

  it("skips the call when too little time is left before the deadline", async () => {
    // Arrange: the failing handler works until 150 ms before the deadline (margin 100 ms)
    const { visibility, harness } = setup();

    // Act
    const response = await harness.run([record("A", { step: "a1", fail: true, ms: 9_850 })], {
      remainingMs: 10_000,
    });

    // Assert
    expect(failedIds(response)).toEqual(["a1"]);
    expect(visibility.calls).toEqual([]);
    expect(harness.logger.lines).toContainEqual(
      expect.objectContaining({ level: "warn", messageIds: ["a1"], reason: "too little time left" }),
    );
  });
});
