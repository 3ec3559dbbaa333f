import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDynamoDbClient } from "../../../functions/adapters/aws-clients";
import { createSqsClient } from "../../../functions/adapters/sqs/sqs-client";
import { createApiHandler } from "../../../functions/api/create-api-handler";
import { freePort } from "../../../local/emulators/free-port";
import { apiEvent, jsonBody } from "../../factories/api-gateway";
import { createMemoryLogger } from "../../support/memory-logger";
import { testQueueConfig } from "../../support/test-stack";
import { type ApiHarness, startApi } from "./api-harness";

const envelope = { body: { n: 1 }, groupId: "g", dedupId: "d-1" };
const batch = {
  messages: Array.from({ length: 15 }, (_, n) => ({ body: { n }, groupId: `g${n % 2}`, dedupId: `d-${n}` })),
};

describe("when SQS stops answering", () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi([testQueueConfig({ name: "orders" })]);
    // Arrange: the API worked against a running emulator...
    const before = await api.call({ method: "POST", path: "/queues/orders/messages", body: envelope });
    expect(before.status).toBe(202);
    // ...which then stops
    await api.stop();
  });

  it("answers a single publish with 503 UPSTREAM_UNAVAILABLE and Retry-After", async () => {
    // Act
    const response = await api.call({ method: "POST", path: "/queues/orders/messages", body: envelope });
    // Assert
    expect(response.status).toBe(503);
    // (a refused connection is "unavailable": retry in 2 s; a throttle would say 1)
    expect(response.headers["Retry-After"]).toBe("2");
    expect(response.body).toMatchObject({
      error: { code: "UPSTREAM_UNAVAILABLE", message: expect.stringContaining("SQS") },
    });
  });

  it("answers a batch whose every entry failed to reach SQS with 503", async () => {
    // Act
    const response = await api.call({ method: "POST", path: "/queues/orders/messages/batch", body: batch });
    // Assert
    expect(response.status).toBe(503);
    expect(response.headers["Retry-After"]).toBe("2");
    expect(response.body).toMatchObject({ error: { code: "UPSTREAM_UNAVAILABLE" } });
  });

  it("answers GET /queues with 503", async () => {
    const response = await api.call({ path: "/queues" });
    expect(response.status).toBe(503);
    expect(response.headers["Retry-After"]).toBe("2");
  });

  it("still validates first: a bad request is a 400, not a 503", async () => {
    const response = await api.call({ method: "POST", path: "/queues/orders/messages", body: { body: 1 } });
    expect(response.status).toBe(400);
  });

  it("logs the 503 at error level with the cause", () => {
    // Arrange: the 503s the tests above logged
    const failed = api.logger.lines.filter((line) => line.status === 503);
    // Assert
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]).toMatchObject({
      level: "error",
      error: {
        name: "UpstreamUnavailableError",
        cause: { message: expect.stringContaining("ECONNREFUSED") },
      },
    });
  });
});

describe("when SQS's endpoint is a closed port", () => {
  const closed = {
    sqs: createSqsClient({ endpoint: "http://127.0.0.1:1" }),
    dynamo: createDynamoDbClient({ endpoint: "http://127.0.0.1:1" }),
  };

  afterAll(() => {
    closed.sqs.destroy();
    closed.dynamo.destroy();
  });

  it("answers 503 with Retry-After", async () => {
    // Arrange: an API configured with a queue on an endpoint nothing listens on
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/000000000000/orders.fifo`;
    const handler = createApiHandler({
      sqs: createSqsClient({ endpoint: `http://127.0.0.1:${port}` }),
      dynamo: closed.dynamo,
      queues: {
        orders: { url, dlqUrl: url.replace("orders", "orders-dlq"), contentBasedDeduplication: false },
      },
      deadLetterTable: "unused",
      logger: createMemoryLogger(),
    });
    // Act
    const result = await handler(
      apiEvent({ method: "POST", path: "/queues/orders/messages", body: envelope }),
    );
    // Assert
    expect(result.statusCode).toBe(503);
    expect(result.headers?.["Retry-After"]).toBe("2");
    expect(jsonBody(result)).toMatchObject({ error: { code: "UPSTREAM_UNAVAILABLE" } });
  });
});
