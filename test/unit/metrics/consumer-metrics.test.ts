import { describe, expect, it } from "vitest";
import { PermanentError } from "../../../functions/core/consumer/errors";
import { createConsumerMetrics } from "../../../functions/core/metrics/consumer-metrics";
import { sqsRecordFactory } from "../../factories/sqs";
import { consumerHarness, fakeGuard } from "../consumer/fakes";

const SENT_AT = Date.parse("2026-03-01T10:00:00Z");
const NOW = SENT_AT + 1500;

/** A batch with one record of each outcome: processed, duplicate, failed, skipped behind it, dead-lettered. */
const mixedBatch = () => [
  sqsRecordFactory({ messageId: "ok", groupId: "a", body: { act: "ok" }, sentAt: SENT_AT }),
  sqsRecordFactory({ messageId: "dup", groupId: "b", body: { act: "ok" }, sentAt: SENT_AT }),
  sqsRecordFactory({ messageId: "boom", groupId: "c", body: { act: "fail" }, sentAt: SENT_AT }),
  sqsRecordFactory({ messageId: "behind", groupId: "c", body: { act: "ok" }, sentAt: SENT_AT }),
  sqsRecordFactory({ messageId: "poison", groupId: "d", body: { act: "poison" }, sentAt: SENT_AT }),
];

const runWithMetrics = async () => {
  const documents: Record<string, unknown>[] = [];
  const harness = consumerHarness<{ act: string }, void>(
    {
      handle: async ({ body }) => {
        if (body.act === "fail") throw new Error("retry me");
        if (body.act === "poison") throw new PermanentError("never");
      },
    },
    {
      now: () => NOW,
      guard: fakeGuard({
        decide: (record) => (record.messageId === "dup" ? { kind: "duplicate" } : { kind: "run" }),
      }),
      metrics: createConsumerMetrics({ stack: "FifoqProd", queue: "orders" }, (doc) =>
        documents.push({ ...doc }),
      ),
    },
  );
  await harness.run(mixedBatch());
  return documents;
};

describe("consumer metrics (one EMF line per batch)", () => {
  it("writes one document for the whole batch, in namespace fifoq with the stack and queue dimensions", async () => {
    // Arrange + Act
    const documents = await runWithMetrics();

    // Assert
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({
      _aws: {
        Timestamp: NOW,
        CloudWatchMetrics: [{ Namespace: "fifoq", Dimensions: [["stack", "queue"]] }],
      },
      stack: "FifoqProd",
      queue: "orders",
    });
  });

  it("counts each outcome once and sends the handler time and the age of each record as value arrays", async () => {
    // Arrange + Act
    const [document] = await runWithMetrics();

    // Assert
    expect(document).toMatchObject({
      Processed: 1,
      Duplicates: 1,
      Failed: 1,
      Skipped: 1,
      DeadLettered: 1,
      AgeAtProcessing: 1500,
    });
    expect(document?.HandlerDuration).toEqual([expect.any(Number), expect.any(Number), expect.any(Number)]);
    const aws = document?._aws as { CloudWatchMetrics: { Metrics: { Name: string; Unit: string }[] }[] };
    const declared = aws.CloudWatchMetrics[0]?.Metrics;
    expect(declared).toContainEqual({ Name: "AgeAtProcessing", Unit: "Milliseconds" });
    expect(declared).toContainEqual({ Name: "Processed", Unit: "Count" });
  });

  it("leaves out counts that are zero, so a happy batch declares only what happened", async () => {
    // Arrange
    const documents: Record<string, unknown>[] = [];
    const harness = consumerHarness<unknown, void>(
      { handle: async () => undefined },
      {
        now: () => NOW,
        metrics: createConsumerMetrics({ stack: "S", queue: "orders" }, (d) => documents.push({ ...d })),
      },
    );

    // Act
    await harness.run([
      sqsRecordFactory({ groupId: "g", sentAt: SENT_AT }),
      sqsRecordFactory({ groupId: "g", sentAt: SENT_AT }),
    ]);

    // Assert
    const [document] = documents;
    expect(document).toMatchObject({ Processed: 2, AgeAtProcessing: [1500, 1500] });
    expect(document).not.toHaveProperty("Failed");
    expect(document).not.toHaveProperty("Duplicates");
  });
});
