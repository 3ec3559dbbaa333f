import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { FifoqClient } from "../../../client/src/index";
import type { MessageStatus } from "../../../contract";
import { waitForLogLine } from "../../support/log-lines";
import { createMemoryLogger } from "../../support/memory-logger";
import { runFifoq } from "../../support/run-fifoq";
import { stackCaller } from "../../support/stack-call";
import { useFixtureStack } from "../local/fixture-stack";

describe("GET /queues/{queue}/messages/{dedupId}?groupId= through the local stack", () => {
  const logger = createMemoryLogger();
  const stack = useFixtureStack({ logger });

  /** Operator calls by default: the status route takes only the operator key. */
  const operatorKey = () => stack.operatorKey;
  const call = stackCaller(() => stack.url, operatorKey);
  const publish = async (action: string, fields: Record<string, unknown> = {}) => {
    const dedupId = randomUUID();
    const groupId = `g-${dedupId.slice(0, 8)}`;
    const answer = await call(
      "POST",
      "/queues/fixture/messages",
      { body: { action }, groupId, dedupId, ...fields },
      stack.apiKey,
    );
    expect(answer.status).toBe(202);
    return { dedupId, groupId, answer: answer.body ?? {} };
  };
  const statusOf = (dedupId: string, groupId: string) =>
    call(
      "GET",
      `/queues/fixture/messages/${encodeURIComponent(dedupId)}?groupId=${encodeURIComponent(groupId)}`,
    );
  /** Polls until the status is `want` (a commit lands within its 1 s interval; the index is eventually consistent). */
  const waitForStatus = async (dedupId: string, groupId: string, want: string) => {
    for (let round = 0; round < 100; round += 1) {
      const answer = await statusOf(dedupId, groupId);
      if (answer.body?.status === want) return answer.body as unknown as MessageStatus;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(
      `${dedupId} never became ${want}; last: ${JSON.stringify((await statusOf(dedupId, groupId)).body ?? null)}`,
    );
  };

  it("takes the operator key only, needs groupId, and says honestly when nothing is recorded", async () => {
    // Act
    const producer = await call("GET", "/queues/fixture/messages/d-1?groupId=g", undefined, stack.apiKey);
    const noGroup = await call("GET", "/queues/fixture/messages/d-1");
    const badGroup = await call("GET", `/queues/fixture/messages/d-1?groupId=${"x".repeat(129)}`);
    const unknown = await statusOf(randomUUID(), "g");
    const noQueue = await call("GET", "/queues/nope/messages/d-1?groupId=g");

    // Assert
    expect(producer).toMatchObject({ status: 403, body: { error: { code: "FORBIDDEN" } } });
    expect(noGroup).toMatchObject({ status: 400, body: { error: { code: "INVALID_QUERY" } } });
    expect(badGroup).toMatchObject({ status: 400, body: { error: { code: "INVALID_QUERY" } } });
    expect(unknown).toEqual({
      status: 404,
      body: {
        error: {
          code: "MESSAGE_NOT_FOUND",
          message:
            "no record within the idempotency window: not published, already expired, or published and not yet received",
        },
      },
    });
    expect(noQueue).toMatchObject({ status: 404, body: { error: { code: "QUEUE_NOT_FOUND" } } });
  });

  it("a delayed message is scheduled, with its scheduledId and releaseAt", async () => {
    // Arrange
    const { dedupId, groupId, answer } = await publish("ok", { delaySeconds: 600 });

    // Act
    const found = await statusOf(dedupId, groupId);

    // Assert
    expect(found).toEqual({
      status: 200,
      body: {
        queue: "fixture",
        groupId,
        dedupId,
        status: "scheduled",
        scheduledId: answer.scheduledId,
        releaseAt: answer.releaseAt,
      },
    });
  });

  it("a message a consumer is running is queued", async () => {
    // Arrange
    const { dedupId, groupId } = await publish("slow");
    await waitForLogLine(logger, { message: "fixture slow", dedupId }, 30_000);

    // Act
    const found = await statusOf(dedupId, groupId);

    // Assert
    expect(found.body).toEqual({ queue: "fixture", groupId, dedupId, status: "queued" });
  });

  it("a message that failed once then succeeded is processed, when, after 2 attempts", async () => {
    // Arrange
    const { dedupId, groupId } = await publish("fail-once");
    await waitForLogLine(logger, { message: "fixture handled", queue: "fixture", dedupId }, 30_000);

    // Act
    const found = await waitForStatus(dedupId, groupId, "processed");

    // Assert
    expect(found).toEqual({
      queue: "fixture",
      groupId,
      dedupId,
      status: "processed",
      processedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      attempts: 2,
    });
  });

  it("a dead-lettered message names its dead letter; redriven and processed, it is processed", async () => {
    // Arrange
    const { dedupId, groupId, answer } = await publish("permanent-once");
    const id = String(answer.messageId);
    await waitForLogLine(logger, { message: "dead letter recorded", id }, 30_000);

    // Act
    const dead = await waitForStatus(dedupId, groupId, "dead-lettered");
    const redrive = await call("POST", `/queues/fixture/dead-letters/${id}/redrive`);
    const processed = await waitForStatus(dedupId, groupId, "processed");

    // Assert
    expect(dead).toEqual({ queue: "fixture", groupId, dedupId, status: "dead-lettered", deadLetterId: id });
    expect(redrive.status).toBe(202);
    expect(processed).toMatchObject({ status: "processed", attempts: 1 });
  });

  it("the client's status() and the CLI's fifoq status answer the same", async () => {
    // Arrange
    const { dedupId, groupId } = await publish("ok");
    await waitForLogLine(logger, { message: "fixture handled", queue: "fixture", dedupId }, 30_000);
    const expected = await waitForStatus(dedupId, groupId, "processed");
    const client = new FifoqClient({ url: stack.url, apiKey: stack.operatorKey });
    const env = { FIFOQ_URL: stack.url, FIFOQ_API_KEY: stack.apiKey, FIFOQ_OPERATOR_KEY: stack.operatorKey };

    // Act
    const viaClient = await client.status("fixture", dedupId, { groupId });
    const cli = await runFifoq(["status", "fixture", dedupId, "--group", groupId, "--json"], env);
    const text = await runFifoq(["status", "fixture", dedupId, "--group", groupId], {
      ...env,
      NO_COLOR: "1",
    });
    const missing = await runFifoq(["status", "fixture", randomUUID(), "--group", groupId], env);

    // Assert
    expect(viaClient).toEqual(expected);
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout)).toEqual(expected);
    expect(text.stdout).toContain(`processed ${dedupId} on fixture (group ${groupId})`);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("MESSAGE_NOT_FOUND");
  });
});
