import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { createMemoryLogger } from "../../support/memory-logger";
import { useFixtureStack } from "./fixture-stack";

const send = async (url: string, apiKey: string, path: string, body: unknown) => {
  const response = await fetch(`${url}/queues/fixture/${path}`, {
    method: "POST",
    headers: { "x-api-key": apiKey, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBeLessThan(300);
  return response.json() as Promise<Record<string, unknown>>;
};

describe("the local stack's consumer logs (a frozen container holds no line back)", () => {
  const logger = createMemoryLogger();
  const stack = useFixtureStack({ logger });

  it("shows every outcome line of every invocation with no later traffic to thaw its container", async () => {
    // Arrange: 20 single messages alternating two groups, then one batch of 25 in a third group
    const run = randomUUID().slice(0, 8);
    const ids: string[] = [];
    for (let n = 0; n < 20; n++) {
      const published = await send(stack.url, stack.apiKey, "messages", {
        body: { action: "ok" },
        groupId: `${run}-${n % 2 === 0 ? "a" : "b"}`,
        dedupId: `${run}-single-${n}`,
      });
      ids.push(String(published.messageId));
    }
    const messages = Array.from({ length: 25 }, (_, n) => ({
      body: { action: "ok" },
      groupId: `${run}-c`,
      dedupId: `${run}-batch-${n}`,
    }));
    const batch = (await send(stack.url, stack.apiKey, "messages/batch", { messages })) as {
      results: { messageId: string }[];
    };
    ids.push(...batch.results.map((result) => result.messageId));

    // Act: wait, sending nothing more
    const outcomes = () =>
      new Set(
        logger.lines
          .filter((line) => line.outcome === "processed" && ids.includes(String(line.messageId)))
          .map((line) => String(line.messageId)),
      );

    // Assert: each of the 45 records' outcome line arrives
    await vi.waitFor(() => expect(outcomes().size).toBe(45), { timeout: 30_000, interval: 100 });
    const handled = logger.lines.filter(
      (line) => line.message === "fixture handled" && ids.includes(String(line.messageId)),
    );
    expect(handled).toHaveLength(45);
  });
});
