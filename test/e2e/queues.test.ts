import { describe, expect, inject, it } from "vitest";
import { call, order, QUEUE, queueSummary } from "./support/api";

/** A deployed queue's counts are approximate and lag; allow more time with FIFOQ_E2E_DRAIN_TIMEOUT_MS. */
const DRAIN_TIMEOUT_MS = Number(process.env.FIFOQ_E2E_DRAIN_TIMEOUT_MS ?? 30_000);

describe("GET /queues", () => {
  it("lists the configured queues with depth, in-flight and dead-letter counts", async () => {
    // Act
    const response = await call("GET", "/queues");

    // Assert
    expect(response.status).toBe(200);
    expect((response.body as { queues: unknown[] }).queues).toContainEqual({
      name: QUEUE,
      depth: expect.any(Number),
      inFlight: expect.any(Number),
      deadLetters: expect.any(Number),
    });
  });
});

describe("the pipeline", () => {
  it(
    "consumes a published message: the queue drains to no waiting and no in-flight messages",
    async () => {
      // Arrange
      const before = await queueSummary();

      // Act
      const response = await call("POST", `/queues/${QUEUE}/messages`, { body: order() });

      // Assert: accepted, then the queue drains with no new dead letter
      expect(response.status).toBe(202);
      const deadline = Date.now() + DRAIN_TIMEOUT_MS;
      let latest = await queueSummary();
      while (Date.now() < deadline && (latest?.depth !== 0 || latest?.inFlight !== 0)) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        latest = await queueSummary();
      }
      expect(latest, `target ${inject("e2eTarget")}`).toMatchObject({ depth: 0, inFlight: 0 });
      expect(latest?.deadLetters).toBe(before?.deadLetters);
    },
    DRAIN_TIMEOUT_MS + 15_000,
  );
});
