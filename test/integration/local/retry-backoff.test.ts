import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { waitForLogLine } from "../../support/log-lines";
import { createMemoryLogger } from "../../support/memory-logger";
import { useFixtureStack } from "./fixture-stack";

describe("local stack: retry backoff through the event source mapping emulation", () => {
  const logger = createMemoryLogger();
  const stack = useFixtureStack({ logger });

  it("retries a failure after its backoff, not the 60 s visibility timeout, then dead-letters it at maxReceiveCount", async () => {
    // Arrange: the fixture queue has the default retry (1 s doubling), maxReceiveCount 2, visibility 60 s
    const response = await fetch(`${stack.url}/queues/fixture/messages`, {
      method: "POST",
      headers: { "x-api-key": stack.apiKey, "content-type": "application/json" },
      body: JSON.stringify({ body: { action: "fail" }, groupId: "g-retry", dedupId: randomUUID() }),
    });
    const { messageId } = (await response.json()) as { messageId: string };

    // Act + Assert: the first failure sets 1 s, the second 1–2 s; then SQS moves it to the dead-letter queue
    await waitForLogLine(logger, { outcome: "failed", messageId, attempt: 1 }, 20_000);
    await waitForLogLine(logger, { message: "retry backoff set", queue: "fixture" }, 5_000);
    const second = await waitForLogLine(logger, { outcome: "failed", messageId, attempt: 2 }, 15_000);
    const recorded = await waitForLogLine(logger, { message: "dead letter recorded", id: messageId }, 15_000);
    expect(second.error).toMatchObject({ message: "fixture: failure" });
    expect(recorded).toMatchObject({ queue: "fixture", outcome: "recorded" });
    const attempts = logger.lines.filter((line) => line.messageId === messageId && line.outcome === "failed");
    expect(attempts.map((line) => line.attempt)).toEqual([1, 2]);
  });
});
