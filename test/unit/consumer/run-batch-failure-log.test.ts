import { describe, expect, it } from "vitest";
import { PermanentError } from "../../../functions/core/consumer/errors";
import type { GuardDecision, IdempotencyGuard } from "../../../functions/core/consumer/idempotency-port";
import type { ConsumerMessage } from "../../../functions/core/consumer/types";
import { sqsRecordFactory } from "../../factories/sqs";
import { useFakeClock } from "../../support/fake-clock";
import { consumerHarness, deferred, failedIds, fakeGuard, flush } from "./fakes";

interface Step {
  readonly step: string;
  /** "retry": a plain throw; "permanent": a PermanentError. */
  readonly fail?: "retry" | "permanent";
}

const NOW = 1_700_000_000_000;
const SENT_AT = NOW - 60_000;

const record = (groupId: string, step: string, fail?: Step["fail"], attempt = 1) =>
  sqsRecordFactory({
    messageId: step,
    groupId,
    dedupId: `dedup-${step}`,
    attempt,
    sentAt: SENT_AT,
    body: { step, ...(fail ? { fail } : {}) },
  });

const handle = async ({ body }: ConsumerMessage<Step>) => {
  if (body.fail === "retry") throw new Error(`payment service timed out for ${body.step}`);
  if (body.fail === "permanent") throw new PermanentError(`cannot ever process ${body.step}`);
  return body.step;
};

/** The entry the runtime writes for a failed `step` of `groupId` (clock frozen at NOW). */
const entry = (groupId: string, step: string, error: { name: string; message: string }, attempt = 1) => ({
  queue: "orders",
  messageId: step,
  dedupId: `dedup-${step}`,
  groupId,
  attempt,
  error,
  at: new Date(NOW).toISOString(),
  sentAt: new Date(SENT_AT).toISOString(),
});

const timedOut = (step: string) => ({ name: "Error", message: `payment service timed out for ${step}` });

describe("batch runner: failure log", () => {
  useFakeClock(NOW);

  it("writes nothing when every record succeeds or is a duplicate (no DynamoDB write on the happy path)", async () => {
    // Arrange
    const guard = fakeGuard({ decide: (r) => ({ kind: r.messageId === "b1" ? "duplicate" : "run" }) });
    const harness = consumerHarness<Step, string>({ handle }, { guard });

    // Act
    const response = await harness.run([record("A", "a1"), record("A", "a2"), record("B", "b1")]);

    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(harness.failureLog.writes).toEqual([]);
  });

  it("writes once per batch, one entry for every record reported failed: handle failures, skipped, busy, unavailable", async () => {
    // Arrange
    const decisions: Record<string, GuardDecision> = {
      c1: { kind: "busy" },
      d1: { kind: "unavailable", error: new Error("throttled") },
    };
    const guard = fakeGuard({ decide: (r) => decisions[r.messageId] ?? { kind: "run" } });
    const harness = consumerHarness<Step, string>({ handle }, { guard });
    const records = [
      record("A", "a1"),
      record("A", "a2", "retry", 3),
      record("A", "a3"),
      record("B", "b1", "retry"),
      record("C", "c1", "retry"),
      record("D", "d1", "retry"),
    ];

    // Act
    const response = await harness.run(records);

    // Assert
    expect(failedIds(response)).toEqual(["a2", "a3", "b1", "c1", "d1"]);
    // Every record SQS may later move to the DLQ (which replaces its dedup id) leaves its original dedup id
    // and why it did not complete.
    expect(harness.failureLog.writes).toHaveLength(1);
    const written = harness.failureLog.writes[0] ?? [];
    expect(written.map((e) => e.messageId).sort()).toEqual(["a2", "a3", "b1", "c1", "d1"]);
    expect(written).toEqual(
      expect.arrayContaining([
        entry("A", "a2", timedOut("a2"), 3),
        entry("B", "b1", timedOut("b1")),
        entry("A", "a3", {
          name: "RecordNotRunError",
          message: "not run: an earlier record of its group failed in this batch",
        }),
        entry("C", "c1", expect.objectContaining({ name: "IdempotencyBusyError" })),
        entry("D", "d1", expect.objectContaining({ name: "IdempotencyUnavailableError" })),
      ]),
    );
  });

  it("records the failure with idempotency off too", async () => {
    // Arrange
    const harness = consumerHarness<Step, string>({ handle });

    // Act
    await harness.run([record("A", "a1", "retry")]);

    // Assert
    expect(harness.failureLog.writes).toEqual([[entry("A", "a1", timedOut("a1"))]]);
  });

  it("writes side by side with guard.finish, not after it", async () => {
    // Arrange
    const finishing = deferred();
    const inner = fakeGuard();
    const guard: IdempotencyGuard = {
      begin: async (batch, records) => {
        const session = await inner.begin(batch, records);
        return {
          ...session,
          finish: async (outcomes) => {
            await finishing.promise;
            return session.finish(outcomes);
          },
        };
      },
    };
    const harness = consumerHarness<Step, string>({ handle }, { guard });

    // Act
    const running = harness.run([record("A", "a1", "retry")]);
    await flush();
    const writtenBeforeFinishReturned = harness.failureLog.writes.length;
    finishing.resolve();
    await running;

    // Assert
    expect(inner.finishes).toHaveLength(1);
    expect(writtenBeforeFinishReturned).toBe(1);
  });

  it("does not record a success whose completion was not recorded (handle did not fail)", async () => {
    // Arrange
    const guard = fakeGuard({ recorded: () => "unrecorded" });
    const harness = consumerHarness<Step, string>({ handle }, { guard });

    // Act
    const response = await harness.run([record("A", "a1")]);

    // Assert
    expect(failedIds(response)).toEqual(["a1"]);
    expect(harness.failureLog.writes).toEqual([]);
  });

  it.each([
    ["a PermanentError", record("A", "a1", "permanent"), "PermanentError"],
    [
      "a parse failure",
      sqsRecordFactory({ messageId: "a1", groupId: "A", rawBody: "{not json" }),
      "MessageParseError",
    ],
  ])(
    "writes the entry of %s BEFORE sending it to the dead-letter queue, and only then",
    async (_, poison, name) => {
      // Arrange
      const harness = consumerHarness<Step, string>({ handle });

      // Act
      const response = await harness.run([poison, record("A", "a2")]);

      // Assert
      expect(response.batchItemFailures).toEqual([]);
      expect(harness.calls).toEqual(["failure-log a1", "dead-letter a1"]);
      expect(harness.failureLog.writes[0]?.[0]).toMatchObject({
        messageId: "a1",
        groupId: "A",
        error: { name },
      });
    },
  );

  it("writes a permanent failure once even when its dead-letter send fails (the message is retried)", async () => {
    // Arrange
    const harness = consumerHarness<Step, string>(
      { handle },
      { deadLetterError: new Error("DLQ throttled") },
    );

    // Act
    const response = await harness.run([record("A", "a1", "permanent")]);

    // Assert
    expect(failedIds(response)).toEqual(["a1"]);
    expect(harness.calls).toEqual(["failure-log a1", "dead-letter a1"]);
    expect(harness.failureLog.writes).toEqual([
      [entry("A", "a1", { name: "PermanentError", message: "cannot ever process a1" })],
    ]);
  });

  it("changes no outcome when the failure log throws, and logs a warning", async () => {
    // Arrange
    const records = () => [
      record("A", "a1", "permanent"),
      record("A", "a2"),
      record("B", "b1", "retry"),
      record("C", "c1"),
    ];
    const healthy = consumerHarness<Step, string>({ handle }, { guard: fakeGuard() });
    const broken = consumerHarness<Step, string>(
      { handle },
      { guard: fakeGuard(), failureLogError: new Error("DynamoDB unreachable") },
    );

    // Act
    const expected = await healthy.run(records());
    const response = await broken.run(records());

    // Assert
    expect(response).toEqual(expected);
    expect(failedIds(response)).toEqual(["b1"]);
    expect(broken.outcomes().map((line) => line.outcome)).toEqual(
      healthy.outcomes().map((line) => line.outcome),
    );
    expect(broken.deadLetters.sent.map((letter) => letter.messageId)).toEqual(["a1"]);
    expect(broken.calls).toEqual(["failure-log a1", "dead-letter a1", "failure-log b1"]);
    const warnings = broken.logger.lines.filter((line) =>
      String(line.message).startsWith("failure log not written"),
    );
    expect(warnings).toEqual([
      expect.objectContaining({
        level: "warn",
        messageIds: ["a1"],
        error: { name: "Error", message: "DynamoDB unreachable" },
      }),
      expect.objectContaining({ level: "warn", messageIds: ["b1"] }),
    ]);
  });
});
