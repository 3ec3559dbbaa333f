import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { testQueueConfig } from "../../support/test-stack";
import { type ApiHarness, bodyOf, startApi } from "./api-harness";

let api: ApiHarness;

beforeAll(async () => {
  api = await startApi([
    testQueueConfig({ name: "orders" }),
    testQueueConfig({ name: "events", contentBasedDeduplication: true }),
  ]);
});

afterAll(async () => {
  await api.stop();
});

afterEach(async () => {
  await api.drain("orders");
  await api.drain("events");
});

const publish = (queue: string, body: unknown, headers: Record<string, string> = {}) =>
  api.call({ method: "POST", path: `/queues/${queue}/messages`, body, headers });

describe("POST /queues/{queue}/messages", () => {
  it("answers 202 with the ids, and SQS holds the body, group, dedup id and attributes", async () => {
    // Arrange
    const envelope = {
      body: { orderId: "o-1", amount: 42 },
      groupId: "customer-42",
      dedupId: "order-o-1",
      attributes: { source: "web", tenant: "t-1" },
    };
    // Act
    const response = await publish("orders", envelope);
    // Assert
    expect(response.status).toBe(202);
    expect(response.body).toEqual({
      messageId: expect.any(String),
      sequenceNumber: expect.stringMatching(/^\d+$/),
      queue: "orders",
      groupId: "customer-42",
      dedupId: "order-o-1",
    });
    const [message, ...rest] = await api.drain("orders");
    expect(rest).toHaveLength(0);
    expect(message?.MessageId).toBe(response.body.messageId);
    expect(bodyOf(message ?? {})).toEqual({ orderId: "o-1", amount: 42 });
    expect(message?.Attributes).toMatchObject({
      MessageGroupId: "customer-42",
      MessageDeduplicationId: "order-o-1",
      SequenceNumber: response.body.sequenceNumber,
    });
    expect(message?.MessageAttributes).toEqual({
      source: { DataType: "String", StringValue: "web" },
      tenant: { DataType: "String", StringValue: "t-1" },
    });
  });

  it("uses the Idempotency-Key header as the dedup id, so a retry is deduplicated", async () => {
    // Arrange
    const envelope = { body: { orderId: "o-2" }, groupId: "customer-7" };
    // Act: the same request is sent twice
    const first = await publish("orders", envelope, { "Idempotency-Key": "req-123" });
    const second = await publish("orders", envelope, { "idempotency-key": "req-123" });
    // Assert
    expect(first.status).toBe(202);
    expect(first.body.dedupId).toBe("req-123");
    expect(second.body.messageId).toBe(first.body.messageId);
    const messages = await api.drain("orders");
    expect(messages).toHaveLength(1);
    expect(messages[0]?.Attributes?.MessageDeduplicationId).toBe("req-123");
  });

  it("falls back to content-based deduplication: the dedup id is the SHA-256 of the exact message body", async () => {
    // Arrange: a queue with content-based deduplication on
    const envelope = { body: { b: 2, a: [1, "x"] }, groupId: "g" };
    const expected = createHash("sha256").update(JSON.stringify(envelope.body)).digest("hex");
    // Act
    const first = await publish("events", envelope);
    const again = await publish("events", envelope);
    // Assert
    expect(first.status).toBe(202);
    expect(first.body.dedupId).toBe(expected);
    expect(again.body.messageId).toBe(first.body.messageId);
    const messages = await api.drain("events");
    expect(messages.map((message) => message.Attributes?.MessageDeduplicationId)).toEqual([expected]);
  });

  it("refuses a message without dedup id when the queue has content-based deduplication off, and enqueues nothing", async () => {
    // Arrange + Act
    const response = await publish("orders", { body: 1, groupId: "g" });
    // Assert
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: {
        code: "INVALID_MESSAGE",
        details: [{ field: "dedupId", message: expect.stringContaining("Idempotency-Key") }],
      },
    });
    expect(await api.count("orders")).toBe(0);
  });

  it("refuses a message above the 5 MiB limit with 413 and enqueues nothing", async () => {
    // Arrange + Act
    const response = await publish("orders", { body: "x".repeat(5_242_880), groupId: "g", dedupId: "big" });
    // Assert
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({
      error: { code: "PAYLOAD_TOO_LARGE", message: expect.stringContaining("5242880") },
    });
    expect(await api.count("orders")).toBe(0);
  });

  it("accepts a message of exactly 1 MiB (body + attributes)", async () => {
    // Arrange
    // JSON.stringify adds 2 quotes; the attribute counts 1 + 6 ("String") + 1 bytes
    const body = "x".repeat(1_048_576 - 2 - 8);
    // Act
    const response = await publish("orders", { body, groupId: "g", dedupId: "edge", attributes: { k: "v" } });
    // Assert
    expect(response.status).toBe(202);
    expect(await api.count("orders")).toBe(1);
  });

  const valid = { body: { ok: true }, groupId: "g", dedupId: "d" };

  it.each([
    ["malformed JSON", '{"body":', undefined, 400, "INVALID_JSON"],
    ["an empty body", "", undefined, 400, "INVALID_JSON"],
    ["a text/plain content type", JSON.stringify(valid), "text/plain", 415, "UNSUPPORTED_MEDIA_TYPE"],
    ["no content type", JSON.stringify(valid), null, 415, "UNSUPPORTED_MEDIA_TYPE"],
    ["a JSON array", [valid], undefined, 400, "INVALID_MESSAGE"],
    ["a missing body", { groupId: "g", dedupId: "d" }, undefined, 400, "INVALID_MESSAGE"],
    ["a missing groupId", { body: 1, dedupId: "d" }, undefined, 400, "INVALID_MESSAGE"],
    [
      "a groupId of 129 characters",
      { ...valid, groupId: "g".repeat(129) },
      undefined,
      400,
      "INVALID_MESSAGE",
    ],
    ["a groupId with a space", { ...valid, groupId: "a b" }, undefined, 400, "INVALID_MESSAGE"],
    ["an empty dedupId", { ...valid, dedupId: "" }, undefined, 400, "INVALID_MESSAGE"],
    ["an unknown field", { ...valid, priority: 3 }, undefined, 400, "INVALID_MESSAGE"],
    [
      "11 attributes",
      { ...valid, attributes: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, "v"])) },
      undefined,
      400,
      "INVALID_MESSAGE",
    ],
    ["a number attribute", { ...valid, attributes: { n: 1 } }, undefined, 400, "INVALID_MESSAGE"],
    [
      "an AWS.-prefixed attribute",
      { ...valid, attributes: { "AWS.x": "v" } },
      undefined,
      400,
      "INVALID_MESSAGE",
    ],
    ["a body SQS cannot carry", { ...valid, body: "\uFFFE" }, undefined, 400, "INVALID_MESSAGE"],
  ])("refuses %s with its code and enqueues nothing", async (_, body, contentType, status, code) => {
    // Act
    const response = await api.call({ method: "POST", path: "/queues/orders/messages", body, contentType });
    // Assert
    expect(response.status).toBe(status);
    expect(response.headers["Content-Type"]).toMatch(/^application\/json/);
    expect(response.body).toMatchObject({ error: { code, message: expect.any(String) } });
    expect(await api.count("orders")).toBe(0);
  });

  it("refuses an invalid Idempotency-Key header", async () => {
    // Arrange + Act
    const response = await publish(
      "orders",
      { body: 1, groupId: "g" },
      { "Idempotency-Key": "has spaces in it" },
    );
    // Assert
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: { code: "INVALID_MESSAGE", details: [{ field: "Idempotency-Key" }] },
    });
    expect(await api.count("orders")).toBe(0);
  });

  it("answers 404 QUEUE_NOT_FOUND for a queue that is not configured", async () => {
    // Act
    const response = await publish("billing", valid);
    // Assert
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({
      error: { code: "QUEUE_NOT_FOUND", message: expect.stringContaining("orders, events") },
    });
  });

  it("answers 405 with Allow for a wrong method, and 404 NOT_FOUND for an unknown path", async () => {
    // Act: a wrong method
    const wrong = await api.call({ method: "PUT", path: "/queues/orders/messages", body: valid });
    // Assert
    expect(wrong.status).toBe(405);
    expect(wrong.headers.Allow).toBe("POST");
    expect(wrong.body).toMatchObject({ error: { code: "METHOD_NOT_ALLOWED" } });
    // Act: an unknown path
    const unknown = await api.call({ path: "/queue/orders" });
    // Assert
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: "NOT_FOUND" } });
    expect(await api.count("orders")).toBe(0);
  });

  it("writes one log line per request with status, queue, count and duration, and no message body", async () => {
    // Arrange
    const before = api.logger.lines.length;
    // Act
    await publish("orders", { body: { card: "4111-secret" }, groupId: "g", dedupId: "log-1" });
    // Assert
    const lines = api.logger.lines.slice(before);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      message: "request",
      status: 202,
      queue: "orders",
      count: 1,
      durationMs: expect.any(Number),
    });
    expect(JSON.stringify(lines)).not.toContain("4111-secret");
  });
});
