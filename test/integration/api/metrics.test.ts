import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testQueueConfig } from "../../support/test-stack";
import { type ApiHarness, startApi } from "./api-harness";

let api: ApiHarness;

beforeAll(async () => {
  api = await startApi([testQueueConfig({ name: "orders" })]);
});

afterAll(async () => {
  await api.stop();
});

beforeEach(async () => {
  api.metrics.length = 0;
  await api.drain("orders");
});

const message = (dedupId: string) => ({ body: { n: dedupId }, groupId: "g", dedupId });

describe("the API's EMF metrics (one document per request that moved messages)", () => {
  it("counts a single publish as Published 1 for the stack and queue", async () => {
    // Act
    const response = await api.call({
      method: "POST",
      path: "/queues/orders/messages",
      body: message("m-1"),
    });

    // Assert
    expect(response.status).toBe(202);
    expect(api.metrics).toEqual([
      expect.objectContaining({
        _aws: expect.objectContaining({
          CloudWatchMetrics: [expect.objectContaining({ Namespace: "fifoq" })],
        }),
        stack: "FifoqTest",
        queue: "orders",
        Published: 1,
      }),
    ]);
  });

  it("counts the accepted entries of a batch in one document", async () => {
    // Act
    const body = { messages: [message("b-1"), message("b-2"), message("b-3")] };
    await api.call({ method: "POST", path: "/queues/orders/messages/batch", body });

    // Assert
    expect(api.metrics).toHaveLength(1);
    expect(api.metrics[0]).toMatchObject({ queue: "orders", Published: 3 });
  });

  it("writes nothing for a refused request or a read", async () => {
    // Act
    await api.call({ method: "POST", path: "/queues/orders/messages", body: { body: 1 } });
    await api.call({ method: "GET", path: "/queues" });

    // Assert
    expect(api.metrics).toEqual([]);
  });
});
