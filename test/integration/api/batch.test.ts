import { SetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { testQueueConfig } from "../../support/test-stack";
import { type ApiHarness, bodyOf, startApi } from "./api-harness";

interface BatchResponse {
  readonly results: {
    index: number;
    status: string;
    messageId?: string;
    sequenceNumber?: string;
    error?: unknown;
  }[];
}

let api: ApiHarness;

beforeAll(async () => {
  api = await startApi([
    testQueueConfig({ name: "orders" }),
    testQueueConfig({ name: "events", contentBasedDeduplication: true }),
    testQueueConfig({ name: "small" }),
  ]);
  // An operator lowered this queue's maximum message size: SQS itself refuses messages fifoq accepts.
  await api.stack.sqs.send(
    new SetQueueAttributesCommand({
      QueueUrl: api.stack.queue("small").provisioned.url,
      Attributes: { MaximumMessageSize: "1024" },
    }),
  );
});

afterAll(async () => {
  await api.stop();
});

afterEach(async () => {
  await api.drain("orders");
  await api.drain("events");
  await api.drain("small");
});

const publishBatch = (messages: unknown, queue = "orders", headers: Record<string, string> = {}) =>
  api.call<BatchResponse>({
    method: "POST",
    path: `/queues/${queue}/messages/batch`,
    body: { messages },
    headers,
  });

/** Entry `n` of group `g`, with a body recording both, so the receiver can check the order. */
const entry = (n: number, group: string, extra: Record<string, unknown> = {}) => ({
  body: { group, n },
  groupId: group,
  dedupId: `${group}-${n}`,
  ...extra,
});

describe("POST /queues/{queue}/messages/batch", () => {
  it("enqueues 25 messages across groups with each group's request order preserved", async () => {
    // Arrange: 25 entries of 4 groups, interleaved in the request
    const groups = ["alpha", "beta", "gamma", "delta"];
    const messages = Array.from({ length: 25 }, (_, n) => entry(n, groups[(n * 7) % 4] ?? "alpha"));
    // Act
    const response = await publishBatch(messages);
    // Assert: every entry is accepted, reported in request order
    expect(response.status).toBe(200);
    expect(response.body.results.map((result) => [result.index, result.status])).toEqual(
      messages.map((_, index) => [index, "accepted"]),
    );
    expect(new Set(response.body.results.map((result) => result.messageId)).size).toBe(25);
    expect(response.body.results[0]).toEqual({
      index: 0,
      status: "accepted",
      messageId: expect.any(String),
      sequenceNumber: expect.stringMatching(/^\d+$/),
    });
    // ...and SQS hands each group out in request order
    const received = (await api.drain("orders")).map(
      (message) => bodyOf(message) as { group: string; n: number },
    );
    expect(received).toHaveLength(25);
    for (const group of groups) {
      const sent = messages.filter((message) => message.groupId === group).map((message) => message.body.n);
      expect(received.filter((body) => body.group === group).map((body) => body.n)).toEqual(sent);
    }
  });

  it("keeps the order of a 100-message group that needs 10 chained SQS batches", async () => {
    // Arrange
    const messages = Array.from({ length: 100 }, (_, n) => entry(n, "big"));
    // Act
    const response = await publishBatch(messages);
    // Assert: all accepted, received in request order
    expect(response.body.results.every((result) => result.status === "accepted")).toBe(true);
    const received = (await api.drain("orders")).map((message) => (bodyOf(message) as { n: number }).n);
    expect(received).toEqual(messages.map((message) => message.body.n));
    // sequence numbers grow in request order, too
    const sequence = response.body.results.map((result) => BigInt(result.sequenceNumber ?? "0"));
    expect(sequence).toEqual([...sequence].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it("splits large messages into SQS batches of at most 1 MiB, keeping the order", async () => {
    // Arrange: 6 messages of ~300 KB in one group: at most 3 fit in one SQS batch
    const padding = "p".repeat(300_000);
    const messages = Array.from({ length: 6 }, (_, n) =>
      entry(n, "heavy", { attributes: { size: "300k" }, body: { group: "heavy", n, padding } }),
    );
    // Act
    const response = await publishBatch(messages);
    // Assert
    expect(response.body.results.every((result) => result.status === "accepted")).toBe(true);
    const received = (await api.drain("orders")).map((message) => (bodyOf(message) as { n: number }).n);
    expect(received).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("enqueues nothing when one entry is invalid, and lists the problem with its index", async () => {
    // Arrange: entry 4 of 12 has no groupId
    const messages: unknown[] = Array.from({ length: 12 }, (_, n) => entry(n, "g"));
    messages[4] = { body: { n: 4 }, dedupId: "g-4" };
    // Act
    const response = await publishBatch(messages);
    // Assert
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: { code: "INVALID_MESSAGE", details: [{ index: 4, field: "groupId", message: "is required" }] },
    });
    expect(await api.count("orders")).toBe(0);
  });

  it("enqueues nothing when one entry is above the 5 MiB message limit (400 with the entry's index)", async () => {
    // Arrange: entry 1 is above 5 MiB
    const messages = [entry(0, "g"), { ...entry(1, "g"), body: "x".repeat(5_242_880) }];
    // Act
    const response = await publishBatch(messages);
    // Assert
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: { code: "INVALID_MESSAGE", details: [{ index: 1, field: "body" }] },
    });
    expect(await api.count("orders")).toBe(0);
  });

  it.each([
    ["101 entries", Array.from({ length: 101 }, (_, n) => entry(n, "g")), 400, "BATCH_TOO_LARGE"],
    ["no entries", [], 400, "INVALID_MESSAGE"],
    ["entries that are not an array", { 0: entry(0, "g") }, 400, "INVALID_MESSAGE"],
  ])("refuses %s with its code and enqueues nothing", async (_, messages, status, code) => {
    // Act
    const response = await publishBatch(messages);
    // Assert
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ error: { code } });
    expect(await api.count("orders")).toBe(0);
  });

  it("refuses a request body above the 6 MB Lambda limit with 413", async () => {
    // Arrange: 7 entries of 1 MB each
    const messages = Array.from({ length: 7 }, (_, n) => ({ ...entry(n, "g"), body: "x".repeat(1_000_000) }));
    // Act
    const response = await publishBatch(messages);
    // Assert
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
    expect(await api.count("orders")).toBe(0);
  });

  it("refuses an Idempotency-Key header on a batch", async () => {
    // Arrange + Act
    const response = await publishBatch([entry(0, "g")], "orders", { "Idempotency-Key": "k-1" });
    // Assert
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: { code: "INVALID_MESSAGE", details: [{ field: "Idempotency-Key" }] },
    });
    expect(await api.count("orders")).toBe(0);
  });

  it("uses content-based dedup ids for entries without dedupId on a queue that has it on", async () => {
    // Arrange + Act: two entries with the same body and one with another
    const response = await publishBatch(
      [
        { body: { same: true }, groupId: "g" },
        { body: { same: true }, groupId: "g" },
        { body: { other: true }, groupId: "g" },
      ],
      "events",
    );
    // Assert
    expect(response.body.results.map((result) => result.status)).toEqual([
      "accepted",
      "accepted",
      "accepted",
    ]);
    // the duplicate body was deduplicated by SQS: same message id, one message
    expect(response.body.results[1]?.messageId).toBe(response.body.results[0]?.messageId);
    expect(await api.drain("events")).toHaveLength(2);
  });

  it("logs one line with the entry count", async () => {
    // Arrange
    const before = api.logger.lines.length;
    // Act
    await publishBatch([entry(0, "a"), entry(1, "b"), entry(2, "a")]);
    // Assert
    expect(api.logger.lines.slice(before)).toEqual([
      expect.objectContaining({
        status: 200,
        queue: "orders",
        count: 3,
        accepted: 3,
        failed: 0,
        durationMs: expect.any(Number),
      }),
    ]);
  });

  describe("when SQS refuses an entry", () => {
    it("reports it failed (not retryable), holds back its group's later batches, and sends other groups", async () => {
      // Arrange: 12 entries of group "a" (two chained SQS batches) whose entry 1 is above the queue's 1 KiB limit,
      // and one entry of group "b"
      const messages = [
        ...Array.from({ length: 12 }, (_, n) =>
          entry(n, "a", n === 1 ? { body: { group: "a", n, pad: "x".repeat(2000) } } : {}),
        ),
        entry(12, "b"),
      ];
      // Act
      const response = await publishBatch(messages, "small");
      // Assert
      expect(response.status).toBe(200);
      const results = response.body.results;
      expect(results[1]).toEqual({
        index: 1,
        status: "failed",
        error: {
          code: "REJECTED_BY_QUEUE",
          message: expect.stringContaining("SQS refused"),
          retryable: false,
        },
      });
      // a's second SQS batch (entries 10, 11) was not sent: it would have overtaken entry 1
      for (const index of [10, 11]) {
        expect(results[index]).toMatchObject({
          status: "failed",
          error: { code: "NOT_SENT_ORDER_PRESERVED", retryable: true },
        });
      }
      expect(results[12]).toMatchObject({ status: "accepted" });
      // Nothing is reported accepted that SQS does not hold
      const accepted = results
        .filter((result) => result.status === "accepted")
        .map((result) => result.messageId);
      const received = await api.drain("small");
      expect(received.map((message) => message.MessageId).sort()).toEqual([...accepted].sort());
      expect(received.some((message) => (bodyOf(message) as { n: number }).n === 10)).toBe(false);
    });

    it("answers a single publish SQS refuses with 400 INVALID_MESSAGE", async () => {
      // Arrange + Act: a body above the small queue's maximum message size
      const response = await api.call({
        method: "POST",
        path: "/queues/small/messages",
        body: { body: "x".repeat(2000), groupId: "g", dedupId: "too-big-for-this-queue" },
      });
      // Assert
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        error: { code: "INVALID_MESSAGE", message: expect.stringContaining("SQS refused") },
      });
      expect(await api.count("small")).toBe(0);
    });
  });
});
