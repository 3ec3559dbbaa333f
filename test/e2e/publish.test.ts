import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { call, order, QUEUE } from "./support/api";

describe("POST /queues/{queue}/messages", () => {
  it("accepts one message with 202 and reports where it went", async () => {
    // Arrange
    const message = order();

    // Act
    const response = await call("POST", `/queues/${QUEUE}/messages`, { body: message });

    // Assert
    expect(response.status).toBe(202);
    expect(response.body).toEqual({
      messageId: expect.any(String),
      sequenceNumber: expect.stringMatching(/^\d+$/),
      queue: QUEUE,
      groupId: message.groupId,
      dedupId: message.dedupId,
    });
  });

  it("takes the Idempotency-Key header as the dedup id when the body has none", async () => {
    // Arrange
    const { body, groupId } = order();
    const key = `e2e-key-${randomUUID()}`;

    // Act
    const response = await call("POST", `/queues/${QUEUE}/messages`, {
      body: { body, groupId },
      headers: { "Idempotency-Key": key },
    });

    // Assert
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ groupId, dedupId: key });
  });
});

describe("POST /queues/{queue}/messages/batch", () => {
  it("accepts a batch with 200 and one result per entry, in request order", async () => {
    // Arrange: two messages of one group and one of another
    const first = order(1);
    const messages = [first, { ...order(2), groupId: first.groupId }, order(3)];

    // Act
    const response = await call("POST", `/queues/${QUEUE}/messages/batch`, { body: { messages } });

    // Assert: all accepted in request order, the group's sequence numbers rising
    expect(response.status).toBe(200);
    const { results } = response.body as {
      results: { index: number; status: string; sequenceNumber: string }[];
    };
    expect(results).toEqual(
      messages.map((_, index) =>
        expect.objectContaining({
          index,
          status: "accepted",
          messageId: expect.any(String),
          sequenceNumber: expect.any(String),
        }),
      ),
    );
    const [a, b] = results;
    expect(BigInt(b?.sequenceNumber ?? 0)).toBeGreaterThan(BigInt(a?.sequenceNumber ?? 0));
  });

  it("refuses the whole batch with 400 and per-entry errors when one entry is invalid", async () => {
    // Arrange: the second entry has no groupId
    const messages = [order(), { body: { orderId: "x", amount: 1 } }];

    // Act
    const response = await call("POST", `/queues/${QUEUE}/messages/batch`, { body: { messages } });

    // Assert
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: expect.any(String), details: expect.any(Array) } });
  });
});
