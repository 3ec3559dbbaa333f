import { describe, expect, it, vi } from "vitest";
import { defaultSafetyMarginMs } from "../../../functions/core/consumer/deadline";
import { sqsRecordFactory } from "../../factories/sqs";
import { useFakeClock } from "../../support/fake-clock";
import { consumerHarness, failedIds, fakeGuard } from "./fakes";

interface Work {
  readonly step: string;
  /** How long this handler "works" (fake time). */
  readonly ms: number;
}

const record = (groupId: string, step: string, ms: number) =>
  sqsRecordFactory({ messageId: step, groupId, body: { step, ms } });

const slowHandler = (ran: string[]) => ({
  handle: async ({ body }: { body: Work }) => {
    ran.push(body.step);
    await Promise.resolve();
    vi.advanceTimersByTime(body.ms);
  },
});

describe("batch runner: deadline", () => {
  useFakeClock();

  it("does not start records once less than the safety margin is left, and reports them skipped", async () => {
    // Arrange: 10 s budget, default margin 1 s; a1 and a2 use 9.2 s together
    const ran: string[] = [];
    const guard = fakeGuard();
    const harness = consumerHarness(slowHandler(ran), { guard });
    const records = [
      record("A", "a1", 4600),
      record("A", "a2", 4600),
      record("A", "a3", 10),
      record("A", "a4", 10),
    ];

    // Act
    const response = await harness.run(records, { remainingMs: 10_000 });

    // Assert
    expect(ran).toEqual(["a1", "a2"]);
    expect(failedIds(response)).toEqual(["a3", "a4"]);
    expect(harness.outcomeOf("a3")).toMatchObject({ outcome: "skipped", reason: "deadline", durationMs: 0 });
    expect(guard.finishes[0]?.outcomes.map((o) => [o.messageId, o.status])).toEqual([
      ["a1", "succeeded"],
      ["a2", "succeeded"],
      ["a3", "skipped"],
      ["a4", "skipped"],
    ]);
  });

  it("stops every group once time is low, not only the slow one", async () => {
    // Arrange: a1 and b1 start together; a1 uses 8.5 s, so b2 would start with 1.5 s left (< 2 s margin)
    const ran: string[] = [];
    const harness = consumerHarness(slowHandler(ran), { safetyMarginMs: 2000 });
    const records = [record("A", "a1", 8500), record("B", "b1", 0), record("B", "b2", 0)];

    // Act
    const response = await harness.run(records, { remainingMs: 10_000 });

    // Assert
    expect(ran).toEqual(["a1", "b1"]);
    expect(failedIds(response)).toEqual(["b2"]);
  });

  it("starts nothing when the invocation begins with less than the margin left", async () => {
    // Arrange
    const ran: string[] = [];
    const harness = consumerHarness(slowHandler(ran), { safetyMarginMs: 5000 });

    // Act
    const response = await harness.run([record("A", "a1", 0), record("B", "b1", 0)], { remainingMs: 4000 });

    // Assert
    expect(ran).toEqual([]);
    expect(failedIds(response)).toEqual(["a1", "b1"]);
  });

  it("gives handle the remaining time, counting down", async () => {
    // Arrange
    const seen: number[] = [];
    const harness = consumerHarness({
      handle: async (_message, context) => {
        seen.push(context.remainingTimeMs());
        vi.advanceTimersByTime(1500);
        seen.push(context.remainingTimeMs());
      },
    });

    // Act
    await harness.run([record("A", "a1", 0)], { remainingMs: 20_000 });

    // Assert
    expect(seen).toEqual([20_000, 18_500]);
  });

  it.each([
    [1_000, 500],
    [3_000, 1_000],
    [30_000, 3_000],
    [900_000, 90_000],
  ])("defaults the safety margin for a %i ms budget to %i ms", (budget, margin) => {
    expect(defaultSafetyMarginMs(budget)).toBe(margin);
  });
});
