import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDynamoDbDeadLetterStore } from "../../../functions/adapters/dead-letters/dead-letter-store";
import { deadLetterRecordFactory } from "../../factories/dead-letters";
import { testQueueConfig } from "../../support/test-stack";
import { type ApiHarness, startApi } from "./api-harness";

let api: ApiHarness;

beforeAll(async () => {
  api = await startApi([testQueueConfig({ name: "orders" }), testQueueConfig({ name: "events" })]);
});

afterAll(async () => {
  await api.stop();
});

describe("GET /queues", () => {
  it("lists every configured queue with depth, in-flight and the count of new dead letters", async () => {
    // Arrange: 3 messages on orders, 1 of them received (in flight), and orders' dead letters: 1 new, 1 redriven
    const messages = Array.from({ length: 3 }, (_, n) => ({
      body: { n },
      groupId: `g${n}`,
      dedupId: `d${n}`,
    }));
    const batch = await api.call({
      method: "POST",
      path: "/queues/orders/messages/batch",
      body: { messages },
    });
    expect(batch.status).toBe(200);
    await api.stack.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: api.stack.queue("orders").provisioned.url,
        MaxNumberOfMessages: 1,
      }),
    );
    const store = createDynamoDbDeadLetterStore({
      dynamo: api.stack.dynamo,
      table: api.stack.tables.deadLetters,
    });
    const deadLetteredAt = new Date().toISOString();
    await store.putIfAbsent(deadLetterRecordFactory({ queue: "orders", status: "new", deadLetteredAt }));
    await store.putIfAbsent(deadLetterRecordFactory({ queue: "orders", status: "redriven", deadLetteredAt }));
    // Act
    const response = await api.call({ path: "/queues" });
    // Assert
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      queues: [
        { name: "orders", depth: 2, inFlight: 1, deadLetters: 1 },
        { name: "events", depth: 0, inFlight: 0, deadLetters: 0 },
      ],
    });
  });

  it("answers 405 for POST /queues", async () => {
    const response = await api.call({ method: "POST", path: "/queues", body: {} });
    expect(response.status).toBe(405);
    expect(response.headers.Allow).toBe("GET");
  });
});
