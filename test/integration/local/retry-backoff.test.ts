import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { loadConfig } from "../../../functions/core/config/load";
import { type LocalStack, startLocalStack } from "../../../local/start-local-stack";
import { createMemoryLogger } from "../../support/memory-logger";

const FIXTURE_CONFIG = fileURLToPath(new URL("./fixtures/fixture.config.ts", import.meta.url));

describe("local stack: retry backoff through the event source mapping emulation", () => {
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

  const lineWith = (fields: Record<string, unknown>, timeout: number) =>
    vi.waitFor(
      () => {
        const line = logger.lines.find((candidate) =>
          Object.entries(fields).every(([name, value]) => candidate[name] === value),
        );
        expect(line, `${JSON.stringify(fields)} in ${JSON.stringify(logger.lines.slice(-5))}`).toBeDefined();
        return line as Record<string, unknown>;
      },
      { timeout, interval: 50 },
    );

  it("retries a failure after its backoff, not the 60 s visibility timeout, then dead-letters it at maxReceiveCount", async () => {
    // Arrange: the fixture queue has the default retry (1 s doubling), maxReceiveCount 2, visibility 60 s
    const response = await fetch(`${stack.url}/queues/fixture/messages`, {
      method: "POST",
      headers: { "x-api-key": stack.apiKey, "content-type": "application/json" },
      body: JSON.stringify({ body: { action: "fail" }, groupId: "g-retry", dedupId: randomUUID() }),
    });
    const { messageId } = (await response.json()) as { messageId: string };

    // Act + Assert: the first failure sets 1 s, the second 1–2 s; then SQS moves it to the dead-letter queue
    await lineWith({ outcome: "failed", messageId, attempt: 1 }, 20_000);
    await lineWith({ message: "retry backoff set", queue: "fixture" }, 5_000);
    const second = await lineWith({ outcome: "failed", messageId, attempt: 2 }, 15_000);
    const recorded = await lineWith({ message: "dead letter recorded", id: messageId }, 15_000);
    expect(second.error).toMatchObject({ message: "fixture: failure" });
    expect(recorded).toMatchObject({ queue: "fixture", outcome: "recorded" });
    const attempts = logger.lines.filter((line) => line.messageId === messageId && line.outcome === "failed");
    expect(attempts.map((line) => line.attempt)).toEqual([1, 2]);
  });
});
