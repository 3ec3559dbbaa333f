import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { waitForLogLine } from "../../support/log-lines";
import { createMemoryLogger } from "../../support/memory-logger";
import { useFixtureStack } from "../local/fixture-stack";

describe("delayed messages with the local IAM check on (the API's synthesized policies)", () => {
  const logger = createMemoryLogger();
  const stack = useFixtureStack({ logger, iam: "on" });

  it("lets the API schedule (scheduled table, delay queue) and the message is released", async () => {
    // Arrange
    const dedupId = randomUUID();

    // Act
    const response = await fetch(`${stack.url}/queues/fixture/messages`, {
      method: "POST",
      headers: { "x-api-key": stack.apiKey, "content-type": "application/json" },
      body: JSON.stringify({ body: { action: "ok" }, groupId: "g", dedupId, delaySeconds: 1 }),
    });

    // Assert
    expect(response.status).toBe(202);
    await waitForLogLine(logger, { message: "fixture handled", dedupId }, 30_000);
  });

  it("lets the API put a long delay on the Scheduler (CreateSchedule in the stack's group, PassRole of its role)", async () => {
    // Act
    const response = await fetch(`${stack.url}/queues/fixture/messages`, {
      method: "POST",
      headers: { "x-api-key": stack.apiKey, "content-type": "application/json" },
      body: JSON.stringify({
        body: { action: "ok" },
        groupId: "g",
        dedupId: randomUUID(),
        delaySeconds: 3600,
      }),
    });

    // Assert
    expect(response.status).toBe(202);
  });
});
