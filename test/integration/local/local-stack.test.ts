import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { loadConfig } from "../../../functions/core/config/load";
import { type LocalStack, startLocalStack } from "../../../local/start-local-stack";
import { createMemoryLogger } from "../../support/memory-logger";

const FIXTURE_CONFIG = fileURLToPath(new URL("./fixtures/fixture.config.ts", import.meta.url));

describe("startLocalStack (fixture config, own fauxqs, the run's DynamoDB Local)", () => {
  const logger = createMemoryLogger();
  let stack: LocalStack;

  beforeAll(async () => {
    const suffix = randomUUID().slice(0, 8);
    stack = await startLocalStack({
      config: await loadConfig(FIXTURE_CONFIG),
      dynamoDbEndpoint: inject("dynamoDbEndpoint"),
      tables: { idempotency: `fifoq-idempotency-${suffix}`, deadLetters: `fifoq-dead-letters-${suffix}` },
      logger,
      port: 0,
    });
  });
  afterAll(() => stack?.stop());

  const publish = async (action: string) => {
    const response = await fetch(`${stack.url}/queues/fixture/messages`, {
      method: "POST",
      headers: { "x-api-key": stack.apiKey, "content-type": "application/json" },
      body: JSON.stringify({ body: { action }, groupId: `g-${action}`, dedupId: randomUUID() }),
    });
    expect(response.status).toBe(202);
    return (await response.json()) as { messageId: string; dedupId: string };
  };

  const logLine = (fields: Record<string, unknown>) =>
    vi.waitFor(
      () => {
        const line = logger.lines.find((candidate) =>
          Object.entries(fields).every(([name, value]) => candidate[name] === value),
        );
        expect(line, `${JSON.stringify(fields)} in ${JSON.stringify(logger.lines.slice(-10))}`).toBeDefined();
        return line;
      },
      { timeout: 20_000, interval: 50 },
    );

  it("serves the real API under /v1 with the key it reports", async () => {
    const response = await fetch(`${stack.url}/queues`, { headers: { "x-api-key": stack.apiKey } });

    expect(stack.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(stack.apiKey.length).toBeGreaterThanOrEqual(20);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      queues: [
        {
          name: "fixture",
          depth: expect.any(Number),
          inFlight: expect.any(Number),
          deadLetters: expect.any(Number),
        },
      ],
    });
  });

  it("refuses a request without the API key with 403 UNAUTHORIZED", async () => {
    const response = await fetch(`${stack.url}/queues`);

    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });
  });

  it("runs a published message through the queue's consumer module and deletes it", async () => {
    const { messageId } = await publish("ok");

    await logLine({ message: "fixture handled", messageId });
    await logLine({ outcome: "processed", queue: "fixture", messageId, attempt: 1 });
    await vi.waitFor(
      async () => {
        const response = await fetch(`${stack.url}/queues`, { headers: { "x-api-key": stack.apiKey } });
        expect(await response.json()).toMatchObject({ queues: [{ name: "fixture", depth: 0, inFlight: 0 }] });
      },
      { timeout: 10_000, interval: 100 },
    );
  });

  it("dead-letters a permanent failure, and the dead-letter recorder stores it", async () => {
    const { messageId, dedupId } = await publish("permanent");

    await logLine({ outcome: "dead-lettered", queue: "fixture", messageId });
    await logLine({
      message: "dead letter recorded",
      queue: "fixture",
      id: messageId,
      dedupId,
      outcome: "recorded",
    });
  });

  it("stops everything it started, promptly, and can be asked twice", async () => {
    const before = Date.now();

    await Promise.all([stack.stop(), stack.stop()]);

    expect(Date.now() - before).toBeLessThan(7000);
    await expect(fetch(`${stack.url}/queues`)).rejects.toThrow();
  });
});
