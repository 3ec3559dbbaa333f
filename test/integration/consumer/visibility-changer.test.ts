import { DeleteMessageCommand, type Message, SendMessageBatchCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqsClient } from "../../../functions/adapters/sqs/sqs-client";
import { createSqsVisibilityChanger } from "../../../functions/adapters/sqs/visibility-changer";
import { receiveMessages, startTestStack, type TestStack } from "../../support/test-stack";

describe("SQS visibility changer (fauxqs)", () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const url = () => stack.queue("orders").provisioned.url;

  /** `count` messages, each in its own group, all received (fauxqs gives one per group per receive). */
  const inFlight = async (count: number, prefix: string): Promise<Message[]> => {
    const entries = Array.from({ length: count }, (_, index) => ({
      Id: String(index),
      MessageBody: `${prefix}-${index}`,
      MessageGroupId: `${prefix}-${index}`,
      MessageDeduplicationId: `${prefix}-${index}`,
    }));
    for (let start = 0; start < count; start += 10) {
      await stack.sqs.send(
        new SendMessageBatchCommand({ QueueUrl: url(), Entries: entries.slice(start, start + 10) }),
      );
    }
    const received: Message[] = [];
    while (received.length < count) received.push(...(await receiveMessages(stack.sqs, url())));
    return received;
  };

  const changesOf = (messages: readonly Message[], seconds: number) =>
    messages.map((message) => ({
      messageId: message.MessageId ?? "",
      receiptHandle: message.ReceiptHandle ?? "",
      seconds,
    }));

  it("changes more than 10 records in calls of at most 10 entries", async () => {
    // Arrange
    const sqs = createSqsClient({ endpoint: stack.sqsEndpoint });
    const entriesPerCall: number[] = [];
    sqs.middlewareStack.add(
      (next) => (args) => {
        entriesPerCall.push((args.input as { Entries: unknown[] }).Entries.length);
        return next(args);
      },
      { step: "initialize", name: "countEntries" },
    );
    const messages = await inFlight(12, "chunk");

    // Act: visibility 0 makes them visible again at once
    const refused = await createSqsVisibilityChanger({ sqs, queueUrl: url() }).change(
      changesOf(messages, 0),
      new AbortController().signal,
    );
    const back: Message[] = [];
    while (back.length < 12) back.push(...(await receiveMessages(stack.sqs, url())));

    // Assert
    expect(refused).toEqual([]);
    expect(entriesPerCall.sort()).toEqual([10, 2]);
    expect(back.map((m) => m.Attributes?.ApproximateReceiveCount)).toEqual(Array(12).fill("2"));
    sqs.destroy();
  });

  it("returns the entries SQS refused, by message id, and changes the others", async () => {
    // Arrange: one of two messages is deleted, so its receipt handle is no longer valid
    const [kept, gone] = (await inFlight(2, "refused")) as [Message, Message];
    await stack.sqs.send(new DeleteMessageCommand({ QueueUrl: url(), ReceiptHandle: gone.ReceiptHandle }));

    // Act
    const refused = await createSqsVisibilityChanger({ sqs: stack.sqs, queueUrl: url() }).change(
      changesOf([kept, gone], 0),
      new AbortController().signal,
    );

    // Assert
    expect(refused).toEqual([
      { messageId: gone.MessageId, error: { name: "ReceiptHandleIsInvalid", message: expect.any(String) } },
    ]);
    expect((await receiveMessages(stack.sqs, url())).map((m) => m.MessageId)).toEqual([kept.MessageId]);
  });

  it("turns a failed call into refusals of all its entries, named by the SDK error", async () => {
    // Arrange: nothing listens on this endpoint
    const sqs = createSqsClient({ endpoint: "http://127.0.0.1:9" });
    const [message] = (await inFlight(1, "down")) as [Message];

    // Act
    const refused = await createSqsVisibilityChanger({ sqs, queueUrl: url() }).change(
      changesOf([message], 5),
      new AbortController().signal,
    );

    // Assert
    expect(refused).toEqual([
      {
        messageId: message.MessageId,
        error: {
          name: expect.any(String),
          message: expect.stringMatching(/^ChangeMessageVisibilityBatch: /),
        },
      },
    ]);
    sqs.destroy();
  });
});
