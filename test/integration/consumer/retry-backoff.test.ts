import { type Message, SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { SQSRecord } from "aws-lambda";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createSqsClient } from "../../../functions/adapters/sqs/sqs-client";
import type { RetryPolicy } from "../../../functions/core/config/types";
import { buildConsumerDeps, createConsumer, sqsMessageToRecord } from "../../../functions/runtime/internal";
import { lambdaContextFactory } from "../../factories/sqs";
import { createMemoryLogger } from "../../support/memory-logger";
import { receiveMessages, startTestStack, type TestStack, testQueueConfig } from "../../support/test-stack";

/** The SQS commands a client sent, by name (a real client, observed by a middleware). */
const recordCommands = (sqs: SQSClient): string[] => {
  const names: string[] = [];
  sqs.middlewareStack.add(
    (next, context) => (args) => {
      names.push(String(context.commandName));
      return next(args);
    },
    { step: "initialize", name: "recordCommandNames" },
  );
  return names;
};

interface Step {
  readonly step: string;
  readonly fail?: boolean;
}

/** A visibility timeout no test waits for: a record back within seconds came back by its backoff. */
const VISIBILITY_TIMEOUT_SECONDS = 120;

describe("retry backoff against fauxqs (with DynamoDB Local idempotency)", () => {
  let stack: TestStack;
  let sqs: SQSClient;
  let commands: string[];
  const logger = createMemoryLogger();

  beforeAll(async () => {
    stack = await startTestStack([
      testQueueConfig({ functionTimeoutSeconds: 10, visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS }),
    ]);
    sqs = createSqsClient({ endpoint: stack.sqsEndpoint });
    commands = recordCommands(sqs);
  });
  afterEach(() => {
    commands.length = 0;
    logger.lines.length = 0;
  });
  afterAll(async () => {
    sqs?.destroy();
    await stack?.stop();
  });

  const queue = () => stack.queue("orders").provisioned;

  const consumerWith = (retry: RetryPolicy | false, queueUrl = queue().url) =>
    createConsumer<Step, void>(
      {
        handle: async ({ body }) => {
          if (body.fail) throw new Error(`${body.step}: transient failure`);
        },
      },
      buildConsumerDeps({
        queue: "orders",
        dlqUrl: queue().dlqUrl,
        queueUrl,
        sqs,
        dynamo: stack.dynamo,
        idempotencyTable: stack.tables.idempotency,
        idempotencyWindowSeconds: 3600,
        retry,
        logger,
      }),
    );

  /** Sends one message per `[groupId, step]` and receives them all (fauxqs: one per group per receive). */
  const sendAndReceive = async (messages: readonly [string, Step][]): Promise<Message[]> => {
    for (const [groupId, step] of messages) {
      await stack.sqs.send(
        new SendMessageCommand({
          QueueUrl: queue().url,
          MessageBody: JSON.stringify(step),
          MessageGroupId: groupId,
          MessageDeduplicationId: `${step.step}-${Math.random()}`,
        }),
      );
    }
    const received = await receiveMessages(stack.sqs, queue().url);
    expect(received).toHaveLength(messages.length);
    return received;
  };

  const toRecords = (messages: readonly Message[]): SQSRecord[] =>
    messages.map((message) => sqsMessageToRecord(message, { queueArn: queue().arn }));

  /** Waits (polling) until `count` messages can be received again; returns them. */
  const receivedAgain = async (count: number): Promise<Message[]> => {
    const back: Message[] = [];
    await vi.waitFor(
      async () => {
        back.push(...(await receiveMessages(stack.sqs, queue().url)));
        expect(back).toHaveLength(count);
      },
      { timeout: 15_000, interval: 100 },
    );
    return back;
  };

  it("returns a failed record and the rest of its group after the backoff, not after the visibility timeout", async () => {
    // Arrange: real SQS hands a batch several messages of a group; fauxqs one per group per receive, so the
    // second message is received from its own group and relabelled into the first one's, as SQS would deliver it
    const messages = await sendAndReceive([
      ["g1", { step: "a1", fail: true }],
      ["g2", { step: "a2" }],
    ]);
    const records = toRecords(messages).map((record) => ({
      ...record,
      attributes: { ...record.attributes, MessageGroupId: "g1" },
    }));
    const consumer = consumerWith({ minSeconds: 2, maxSeconds: 300 });

    // Act
    const response = await consumer({ Records: records }, lambdaContextFactory({ remainingMs: 10_000 }));
    const rightAfter = await receiveMessages(stack.sqs, queue().url);
    const back = await receivedAgain(2);

    // Assert: a1 failed, a2 was skipped behind it; both were hidden for the backoff, then came back
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(records.map((r) => r.messageId));
    expect(commands).toEqual(["ChangeMessageVisibilityBatchCommand"]);
    expect(rightAfter).toEqual([]);
    expect(back.map((m) => m.Body).sort()).toEqual(messages.map((m) => m.Body).sort());
    expect(back.map((m) => m.Attributes?.ApproximateReceiveCount)).toEqual(["2", "2"]);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({
        message: "retry backoff set",
        retries: records.map((r) => ({ messageId: r.messageId, seconds: 2 })),
      }),
    );
  });

  it("makes no SQS call on the happy path", async () => {
    // Arrange
    const records = toRecords(await sendAndReceive([["g3", { step: "b1" }]]));

    // Act
    const response = await consumerWith({ minSeconds: 1, maxSeconds: 300 })(
      { Records: records },
      lambdaContextFactory(),
    );

    // Assert
    expect(response).toEqual({ batchItemFailures: [] });
    expect(commands).toEqual([]);
  });

  it("makes no visibility call with retry: false; the failed record waits the visibility timeout", async () => {
    // Arrange
    const records = toRecords(await sendAndReceive([["g4", { step: "c1", fail: true }]]));

    // Act
    const response = await consumerWith(false)({ Records: records }, lambdaContextFactory());

    // Assert
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: records[0]?.messageId }]);
    expect(commands).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await receiveMessages(stack.sqs, queue().url)).toEqual([]);
  });

  it("does not fail the batch when ChangeMessageVisibilityBatch fails; the record keeps its visibility timeout", async () => {
    // Arrange: the call goes to a queue that does not exist, so SQS refuses it whole
    const records = toRecords(await sendAndReceive([["g5", { step: "d1", fail: true }]]));
    const consumer = consumerWith({ minSeconds: 1, maxSeconds: 300 }, `${queue().url}-missing`);

    // Act
    const response = await consumer({ Records: records }, lambdaContextFactory());

    // Assert
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: records[0]?.messageId }]);
    expect(commands).toEqual(["ChangeMessageVisibilityBatchCommand"]);
    const warning = logger.lines.find((line) => String(line.message).startsWith("retry backoff not set"));
    expect(warning).toMatchObject({ level: "warn", refused: [{ messageId: records[0]?.messageId }] });
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await receiveMessages(stack.sqs, queue().url)).toEqual([]);
  });
});
