import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDynamoDbDeadLetterStore } from "../../../functions/adapters/dead-letters/dead-letter-store";
import { type RunningGateway, startGateway } from "../../../local/gateway/server";
import { deadLetterRecordFactory } from "../../factories/dead-letters";
import { createMemoryLogger } from "../../support/memory-logger";
import { testQueueConfig } from "../../support/test-stack";
import { type ApiHarness, startApi } from "../api/api-harness";

const API_KEY = "routing-test-key-0123456789";

/**
 * Paths as an attacker sends them, through the local gateway to the real API function on fauxqs and DynamoDB
 * Local: a decoded `/` or an empty segment must never reach another route (data-safety issue, class 3).
 */
describe("routing on raw path segments (local gateway → API function)", () => {
  let api: ApiHarness;
  let gateway: RunningGateway;
  const send = (method: string, path: string, body?: unknown) =>
    fetch(`${gateway.url}${path}`, {
      method,
      headers: { "x-api-key": API_KEY, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  beforeAll(async () => {
    api = await startApi([testQueueConfig()]);
    gateway = await startGateway({
      handler: api.handler,
      apiKeys: [{ id: "routing-key", value: API_KEY }],
      logger: createMemoryLogger(),
    });
    const store = createDynamoDbDeadLetterStore({
      dynamo: api.stack.dynamo,
      table: api.stack.tables.deadLetters,
    });
    for (const n of [1, 2, 3]) await store.putIfAbsent(deadLetterRecordFactory({ groupId: `g-${n}` }));
  });
  afterAll(async () => {
    await gateway?.close();
    await api?.stop();
  });

  it.each([
    ["an encoded slash as the id", "/queues/orders/dead-letters/%2F/redrive"],
    ["an empty id", "/queues/orders/dead-letters//redrive"],
    ["an encoded slash in front of redrive", "/queues/orders/dead-letters%2Fredrive"],
  ])("does not redrive anything for %s", async (_, path) => {
    // Act
    const response = await send("POST", path);

    // Assert
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
    expect(await api.count("orders")).toBe(0);
  });

  it("does not publish through a queue name holding an encoded slash", async () => {
    // Act
    const response = await send("POST", "/queues/orders%2Fmessages", {
      body: { n: 1 },
      groupId: "g",
      dedupId: "d-routing",
    });

    // Assert
    expect(response.status).toBe(404);
    expect(await api.count("orders")).toBe(0);
  });
});
