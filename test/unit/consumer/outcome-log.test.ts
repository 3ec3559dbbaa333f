import { describe, expect, it, vi } from "vitest";
import { PermanentError } from "../../../functions/core/consumer/errors";
import { sqsRecordFactory } from "../../factories/sqs";
import { useFakeClock } from "../../support/fake-clock";
import { consumerHarness, fakeGuard } from "./fakes";

interface Step {
  readonly step: string;
  readonly secret: string;
}

describe("batch runner: outcome log lines", () => {
  useFakeClock();

  it("writes exactly one line per record with the contract's fields and never the body", async () => {
    // Arrange
    const guard = fakeGuard({
      decide: (r) => (r.messageId === "dup" ? { kind: "duplicate" } : { kind: "run" }),
    });
    const harness = consumerHarness<Step, void>(
      {
        handle: async ({ body }) => {
          if (body.step === "ok") vi.advanceTimersByTime(25);
          if (body.step === "fail") throw new Error("downstream 503");
          if (body.step === "poison") throw new PermanentError("invalid order");
        },
      },
      { guard },
    );
    const make = (messageId: string, groupId: string) =>
      sqsRecordFactory({
        messageId,
        groupId,
        dedupId: `d-${messageId}`,
        attempt: 2,
        body: { step: messageId, secret: "card-4111" },
      });
    const records = [
      make("ok", "A"),
      make("dup", "B"),
      make("fail", "C"),
      make("skip", "C"),
      make("poison", "D"),
    ];

    // Act
    await harness.run(records);

    // Assert
    const lines = harness.outcomes();
    expect(lines.map((line) => line.messageId)).toEqual(["ok", "dup", "fail", "skip", "poison"]);
    expect(lines[0]).toMatchObject({
      level: "info",
      outcome: "processed",
      queue: "orders",
      messageId: "ok",
      groupId: "A",
      dedupId: "d-ok",
      attempt: 2,
      durationMs: 25,
    });
    expect(lines[1]).toMatchObject({ level: "info", outcome: "duplicate", durationMs: 0 });
    expect(lines[2]).toMatchObject({
      level: "warn",
      outcome: "failed",
      error: { name: "Error", message: "downstream 503" },
    });
    expect(lines[3]).toMatchObject({ level: "warn", outcome: "skipped", reason: "group-failed" });
    expect(lines[4]).toMatchObject({
      level: "error",
      outcome: "dead-lettered",
      error: { name: "PermanentError", message: "invalid order" },
    });
    expect(lines[0]).not.toHaveProperty("error");
    expect(JSON.stringify(harness.logger.lines)).not.toContain("card-4111");
  });

  it("gives handle a logger whose lines carry the message identity", async () => {
    // Arrange
    const harness = consumerHarness({ handle: async (_message, context) => context.logger.info("charging") });
    const input = sqsRecordFactory({ messageId: "m1", groupId: "G", dedupId: "d1", attempt: 4 });

    // Act
    await harness.run([input]);

    // Assert
    const line = harness.logger.lines.find((l) => l.message === "charging");
    expect(line).toMatchObject({ queue: "orders", messageId: "m1", groupId: "G", dedupId: "d1", attempt: 4 });
  });
});

describe("batch runner: outcome log lines are bounded", () => {
  useFakeClock();

  it("cuts a huge error message to the failure log's 2,000 characters", async () => {
    // Arrange
    const huge = `order ${"x".repeat(300_000)}`;
    const harness = consumerHarness({
      handle: async () => {
        throw new PermanentError(huge);
      },
    });

    // Act
    await harness.run([sqsRecordFactory({ messageId: "m1", groupId: "G" })]);

    // Assert
    const [line] = harness.outcomes();
    const message = (line?.error as { message: string } | undefined)?.message ?? "";
    expect(message.length).toBeLessThanOrEqual(2000);
    expect(message.startsWith("order xxx")).toBe(true);
    expect(JSON.stringify(harness.logger.lines).length).toBeLessThan(20_000);
  });
});
