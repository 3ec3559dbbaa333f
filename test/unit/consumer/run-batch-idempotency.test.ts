import { describe, expect, it } from "vitest";
import type { GuardDecision, GuardRecord } from "../../../functions/core/consumer/idempotency-port";
import { sqsRecordFactory } from "../../factories/sqs";
import { useFakeClock } from "../../support/fake-clock";
import { consumerHarness, failedIds, fakeGuard } from "./fakes";

interface Step {
  readonly step: string;
}

const record = (groupId: string, step: string) =>
  sqsRecordFactory({ messageId: step, groupId, dedupId: `dedup-${step}`, body: { step } });

const decideBy =
  (decisions: Record<string, GuardDecision>) =>
  (guardRecord: GuardRecord): GuardDecision =>
    decisions[guardRecord.messageId] ?? { kind: "run" };

const recordingHandler = () => {
  const ran: string[] = [];
  const successes: string[] = [];
  return {
    ran,
    successes,
    definition: {
      handle: async ({ body }: { body: Step }) => void ran.push(body.step),
      onSuccess: async ({ id }: { id: string }) => void successes.push(id),
    },
  };
};

describe("batch runner: idempotency guard", () => {
  useFakeClock();

  it("calls begin once for the batch with positions in group, the batch id and the deadline", async () => {
    // Arrange
    const guard = fakeGuard();
    const harness = consumerHarness(recordingHandler().definition, { guard });
    const records = [record("A", "a1"), record("B", "b1"), record("A", "a2")];

    // Act
    await harness.run(records, { remainingMs: 30_000, awsRequestId: "req-1" });

    // Assert
    expect(guard.begins).toHaveLength(1);
    const [begin] = guard.begins;
    expect(begin?.batch).toEqual({
      batchId: expect.stringMatching(/^req-1:[0-9a-f]{8}$/),
      deadlineMs: 1_700_000_030_000,
      commitByMs: 1_700_000_027_000,
      nowMs: 1_700_000_000_000,
    });
    expect(begin?.records).toEqual([
      { messageId: "a1", dedupId: "dedup-a1", groupId: "A", positionInGroup: 0, attempt: 1 },
      { messageId: "a2", dedupId: "dedup-a2", groupId: "A", positionInGroup: 1, attempt: 1 },
      { messageId: "b1", dedupId: "dedup-b1", groupId: "B", positionInGroup: 0, attempt: 1 },
    ]);
  });

  it("acknowledges a duplicate without running handle or onSuccess, and keeps it out of finish", async () => {
    // Arrange
    const recorder = recordingHandler();
    const guard = fakeGuard({ decide: decideBy({ a1: { kind: "duplicate" } }) });
    const harness = consumerHarness(recorder.definition, { guard });

    // Act
    const response = await harness.run([record("A", "a1"), record("A", "a2")]);

    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(recorder.ran).toEqual(["a2"]);
    expect(recorder.successes).toEqual(["a2"]);
    expect(harness.outcomeOf("a1")?.outcome).toBe("duplicate");
    expect(guard.finishes).toHaveLength(1);
    expect(guard.finishes[0]?.outcomes).toEqual([{ messageId: "a2", status: "succeeded" }]);
  });

  it.each([
    ["busy", { kind: "busy" } as const, "IdempotencyBusyError"],
    [
      "unavailable",
      { kind: "unavailable", error: new Error("throttled") } as const,
      "IdempotencyUnavailableError",
    ],
  ])("fails a %s record and skips the rest of its group, in order", async (_, decision, errorName) => {
    // Arrange
    const recorder = recordingHandler();
    const guard = fakeGuard({ decide: decideBy({ a2: decision }) });
    const harness = consumerHarness(recorder.definition, { guard });
    const records = [record("A", "a1"), record("A", "a2"), record("A", "a3"), record("B", "b1")];

    // Act
    const response = await harness.run(records);

    // Assert
    expect(recorder.ran).toEqual(["a1", "b1"]);
    expect(failedIds(response)).toEqual(["a2", "a3"]);
    expect(harness.outcomeOf("a2")).toMatchObject({ outcome: "failed", error: { name: errorName } });
    expect(harness.outcomeOf("a3")).toMatchObject({ outcome: "skipped", reason: "group-failed" });
    expect(guard.finishes[0]?.outcomes).toEqual([
      { messageId: "a1", status: "succeeded" },
      { messageId: "a3", status: "skipped" },
      { messageId: "b1", status: "succeeded" },
    ]);
  });

  it("runs nothing and fails every record when begin throws", async () => {
    // Arrange
    const recorder = recordingHandler();
    const guard = fakeGuard({ beginError: new Error("DynamoDB unreachable") });
    const harness = consumerHarness(recorder.definition, { guard });

    // Act
    const response = await harness.run([record("A", "a1"), record("B", "b1"), record("A", "a2")]);

    // Assert
    expect(recorder.ran).toEqual([]);
    expect(failedIds(response)).toEqual(["a1", "b1", "a2"]);
    expect(harness.outcomeOf("a1")).toMatchObject({
      outcome: "failed",
      error: {
        name: "IdempotencyUnavailableError",
        message: expect.stringContaining("DynamoDB unreachable"),
      },
    });
    expect(harness.outcomeOf("b1")?.outcome).toBe("failed");
    expect(harness.outcomeOf("a2")).toMatchObject({ outcome: "skipped", reason: "group-failed" });
    expect(guard.finishes).toEqual([]);
  });

  it("treats a record the guard gave no decision for as unavailable", async () => {
    // Arrange
    const recorder = recordingHandler();
    const guard = fakeGuard({ decide: (r) => (r.messageId === "a1" ? undefined : { kind: "run" }) });
    const harness = consumerHarness(recorder.definition, { guard });

    // Act
    const response = await harness.run([record("A", "a1"), record("B", "b1")]);

    // Assert
    expect(recorder.ran).toEqual(["b1"]);
    expect(failedIds(response)).toEqual(["a1"]);
  });

  it("calls finish once with every claimed outcome and reports an unrecorded success failed", async () => {
    // Arrange
    const recorder = recordingHandler();
    const guard = fakeGuard({ recorded: (o) => (o.messageId === "b1" ? "unrecorded" : "recorded") });
    const harness = consumerHarness(recorder.definition, { guard });

    // Act
    const response = await harness.run([record("A", "a1"), record("B", "b1")]);

    // Assert
    expect(guard.finishes).toHaveLength(1);
    expect(failedIds(response)).toEqual(["b1"]);
    expect(harness.outcomeOf("b1")).toMatchObject({
      outcome: "failed",
      error: { name: "CompletionUnrecordedError" },
    });
    expect(
      harness.logger.lines.some((line) => String(line.message).startsWith("completion not recorded")),
    ).toBe(true);
  });

  it("reports every processed record failed when finish throws", async () => {
    // Arrange
    const guard = fakeGuard({ finishError: new Error("DynamoDB down") });
    const harness = consumerHarness(recordingHandler().definition, { guard });

    // Act
    const response = await harness.run([record("A", "a1"), record("B", "b1")]);

    // Assert
    expect(failedIds(response)).toEqual(["a1", "b1"]);
  });

  it("does not call finish when no record was claimed", async () => {
    // Arrange
    const guard = fakeGuard({ decide: () => ({ kind: "duplicate" }) });
    const harness = consumerHarness(recordingHandler().definition, { guard });

    // Act
    const response = await harness.run([record("A", "a1")]);

    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(guard.finishes).toEqual([]);
  });
});
