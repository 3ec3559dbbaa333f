import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { waitForLogLine } from "../../support/log-lines";
import { createMemoryLogger } from "../../support/memory-logger";
import { stackCaller } from "../../support/stack-call";
import { useFixtureStack } from "../local/fixture-stack";

interface Receipt {
  readonly scheduledId: string;
  readonly releaseAt: string;
  readonly dedupId: string;
}

describe("delayed messages through the local stack (API → store → delay queue → release → consumer)", () => {
  const logger = createMemoryLogger();
  const stack = useFixtureStack({ logger });

  const call = stackCaller(
    () => stack.url,
    () => stack.apiKey,
  );
  const publish = (fields: Record<string, unknown>) =>
    call("POST", "/queues/fixture/messages", { body: { action: "ok" }, groupId: "g", ...fields });
  /** The fixture consumer's own line (the runtime's outcome line is relayed from its worker, later). */
  const processed = (dedupId: string) =>
    waitForLogLine(logger, { message: "fixture handled", queue: "fixture", dedupId }, 30_000);
  /** `GET /queues/fixture/scheduled/{id}` with the operator key. */
  const showScheduled = (id: string) =>
    call("GET", `/queues/fixture/scheduled/${id}`, undefined, stack.operatorKey);
  const released = (id: string) =>
    waitForLogLine(logger, { message: "release", outcome: "released", id }, 20_000);

  it("accepts a delayed publish at once and releases it onto its queue, in its group, with its dedupId, not early", async () => {
    // Arrange
    const dedupId = randomUUID();

    // Act
    const answer = await publish({ dedupId, delaySeconds: 2 });
    const receipt = answer.body as unknown as Receipt;
    const before = await showScheduled(receipt.scheduledId);

    // Assert
    expect(answer.status).toBe(202);
    expect(receipt).toEqual({
      scheduledId: expect.any(String),
      releaseAt: expect.any(String),
      queue: "fixture",
      groupId: "g",
      dedupId,
    });
    expect(before.body).toMatchObject({ state: "scheduled", dedupId });
    const line = await released(receipt.scheduledId);
    expect(line.latenessMs).toBeGreaterThanOrEqual(0);
    await processed(dedupId);
    const after = await showScheduled(receipt.scheduledId);
    expect(after.body).toMatchObject({ state: "released", messageId: expect.any(String) });
  });

  it("answers a repeated publish of a scheduled (group, dedupId) with the same scheduledId", async () => {
    // Arrange
    const dedupId = randomUUID();

    // Act
    const first = await publish({ dedupId, delaySeconds: 60 });
    const again = await publish({ dedupId, delaySeconds: 5 });

    // Assert
    expect(again.body?.scheduledId).toBe(first.body?.scheduledId);
    expect(again.body?.releaseAt).toBe(first.body?.releaseAt);
  });

  it("cancels before release (204, twice), never delivers it; a cancel after release is 409 ALREADY_RELEASED", async () => {
    // Arrange
    const cancelled = (await publish({ dedupId: randomUUID(), delaySeconds: 1 })).body as unknown as Receipt;
    const kept = (await publish({ dedupId: randomUUID(), delaySeconds: 1 })).body as unknown as Receipt;

    // Act
    const cancel = await call("DELETE", `/queues/fixture/scheduled/${cancelled.scheduledId}`);
    const cancelAgain = await call("DELETE", `/queues/fixture/scheduled/${cancelled.scheduledId}`);
    await processed(kept.dedupId);
    const late = await call("DELETE", `/queues/fixture/scheduled/${kept.scheduledId}`);
    const shown = await showScheduled(cancelled.scheduledId);

    // Assert
    expect(cancel.status).toBe(204);
    expect(cancelAgain.status).toBe(204);
    expect(late).toMatchObject({ status: 409, body: { error: { code: "ALREADY_RELEASED" } } });
    expect(shown.body).toMatchObject({ state: "cancelled" });
    await waitForLogLine(
      logger,
      { message: "release", outcome: "cancelled", id: cancelled.scheduledId },
      20_000,
    );
    expect(logger.lines.filter((l) => l.dedupId === cancelled.dedupId)).toEqual([]);
  });

  it("takes a batch that mixes delayed and immediate entries", async () => {
    // Arrange
    const [now, later] = [randomUUID(), randomUUID()];

    // Act
    const answer = await call("POST", "/queues/fixture/messages/batch", {
      messages: [
        { body: { action: "ok" }, groupId: "b", dedupId: later, delaySeconds: 1 },
        { body: { action: "ok" }, groupId: "b", dedupId: now },
      ],
    });

    // Assert
    expect(answer.status).toBe(200);
    expect(answer.body?.results).toEqual([
      { index: 0, status: "accepted", scheduledId: expect.any(String), releaseAt: expect.any(String) },
      { index: 1, status: "accepted", messageId: expect.any(String), sequenceNumber: expect.any(String) },
    ]);
    await processed(now);
    await processed(later);
  });

  it("refuses bad timing with 400 INVALID_MESSAGE and schedules nothing; lists and pages; 404 for a bad id", async () => {
    // Act
    const both = await publish({ dedupId: randomUUID(), delaySeconds: 5, notBefore: "2030-01-01T00:00:00Z" });
    const tooFar = await publish({ dedupId: randomUUID(), delaySeconds: 31_536_001 });
    const page = await call("GET", "/queues/fixture/scheduled?limit=2", undefined, stack.operatorKey);
    const asProducer = await call("GET", "/queues/fixture/scheduled", undefined, stack.apiKey);
    const badId = await showScheduled("nope");

    // Assert
    expect(both).toMatchObject({ status: 400, body: { error: { code: "INVALID_MESSAGE" } } });
    expect(tooFar).toMatchObject({ status: 400, body: { error: { code: "INVALID_MESSAGE" } } });
    expect(page.status).toBe(200);
    expect(page.body?.items).toHaveLength(2);
    expect(page.body?.nextCursor).toEqual(expect.any(String));
    expect(asProducer.status).toBe(403);
    expect(badId).toMatchObject({ status: 404, body: { error: { code: "NOT_FOUND" } } });
  });
});
