import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { waitForLogLine } from "../../support/log-lines";
import { createMemoryLogger } from "../../support/memory-logger";
import { startFixtureStack } from "../local/fixture-stack";

const publish = async (url: string, key: string, dedupId: string, delaySeconds: number) => {
  const response = await fetch(`${url}/queues/fixture/messages`, {
    method: "POST",
    headers: { "x-api-key": key, "content-type": "application/json" },
    body: JSON.stringify({ body: { action: "ok" }, groupId: "restart", dedupId, delaySeconds }),
  });
  expect(response.status).toBe(202);
  return (await response.json()) as { scheduledId: string };
};

describe("delayed messages across a restart of the local stack", () => {
  it("releases, once, what was scheduled before the stop: due while down (late) and still pending", async () => {
    // Arrange: the same tables for both runs; the first run releases nothing (as if it stopped before anything
    // was due: messages already on the emulator's queue would not survive its stop)
    const suffix = randomUUID().slice(0, 8);
    const tables = {
      idempotency: `fifoq-idempotency-${suffix}`,
      deadLetters: `fifoq-dead-letters-${suffix}`,
    };
    const scheduledTable = `fifoq-scheduled-${suffix}`;
    const first = await startFixtureStack({
      tables,
      scheduledTable,
      logger: createMemoryLogger(),
      consumers: false,
    });
    const [dueWhileDown, dueAfter] = [randomUUID(), randomUUID()];
    await publish(first.url, first.apiKey, dueWhileDown, 1);
    await publish(first.url, first.apiKey, dueAfter, 4);
    await first.stop();
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    // Act
    const logger = createMemoryLogger();
    const second = await startFixtureStack({ tables, scheduledTable, logger });
    try {
      // Assert
      await waitForLogLine(logger, { message: "fixture handled", dedupId: dueWhileDown }, 30_000);
      await waitForLogLine(logger, { message: "fixture handled", dedupId: dueAfter }, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const processed = logger.lines.filter((line) => line.message === "fixture handled");
      expect(processed.map((line) => line.dedupId).sort()).toEqual([dueWhileDown, dueAfter].sort());
      expect(logger.lines).toContainEqual(
        expect.objectContaining({ message: "re-armed scheduled messages", count: 2 }),
      );
    } finally {
      await second.stop();
    }
  });
});
