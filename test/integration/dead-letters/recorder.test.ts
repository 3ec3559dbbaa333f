import { ChangeMessageVisibilityCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { createDynamoDbDeadLetterStore } from "../../../functions/adapters/dead-letters/dead-letter-store";
import { createDynamoDbFailureLog } from "../../../functions/adapters/dead-letters/failure-log";
import { createSqsDeadLetterSender } from "../../../functions/adapters/sqs/dead-letter-queue";
import { PermanentError } from "../../../functions/core/consumer/errors";
import { toEnvelope, toOutboundDeadLetter } from "../../../functions/core/consumer/message";
import { sqsMessageToRecord } from "../../../functions/runtime/sqs-message-to-record";
import { failureRecordFactory } from "../../factories/dead-letters";
import { sqsEventFactory } from "../../factories/sqs";
import { createMemoryLogger } from "../../support/memory-logger";
import { receiveMessages, stackRecorder, testQueueConfig, useTestStack } from "../../support/test-stack";

describe("dead-letter recorder (fauxqs + DynamoDB Local)", () => {
  const stack = useTestStack([testQueueConfig({ maxReceiveCount: 1 })]);
  const logger = createMemoryLogger();

  const queue = () => stack.queue("orders").provisioned;
  const store = () =>
    createDynamoDbDeadLetterStore({ dynamo: stack.dynamo, table: stack.tables.deadLetters });
  const failureLog = () =>
    createDynamoDbFailureLog({ dynamo: stack.dynamo, table: stack.tables.idempotency });
  const recorder = () => stackRecorder(stack, logger);

  const receive = (url: string) => receiveMessages(stack.sqs, url);

  /**
   * Sends a message and lets SQS move it to the DLQ (maxReceiveCount 1: the second receive moves it). Each test
   * uses its own group: a FIFO group stays locked while one of its DLQ messages is in flight.
   */
  const sendAndExhaust = async (dedupId: string, groupId: string) => {
    const { MessageId } = await stack.sqs.send(
      new SendMessageCommand({
        QueueUrl: queue().url,
        MessageBody: JSON.stringify({ orderId: dedupId }),
        MessageGroupId: groupId,
        MessageDeduplicationId: dedupId,
        MessageAttributes: { tenant: { DataType: "String", StringValue: "acme" } },
      }),
    );
    const [first] = await receive(queue().url);
    await stack.sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queue().url,
        ReceiptHandle: first?.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    expect(await receive(queue().url)).toEqual([]);
    return MessageId ?? "";
  };

  const dlqEvent = async () =>
    sqsEventFactory(
      (await receive(queue().dlqUrl)).map((m) => sqsMessageToRecord(m, { queueArn: queue().dlqArn })),
    );

  it("records a message SQS moved after maxReceiveCount with the reason and original dedup id from the failure log", async () => {
    // Arrange
    const messageId = await sendAndExhaust("order-1", "customer-42");
    const failure = failureRecordFactory({
      messageId,
      dedupId: "order-1",
      groupId: "customer-42",
      attempt: 1,
    });
    await failureLog().record([failure]);
    const event = await dlqEvent();

    // Act
    const response = await recorder()(event);

    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(await store().get("orders", messageId)).toMatchObject({
      id: messageId,
      groupId: "customer-42",
      dedupId: "order-1",
      body: { orderId: "order-1" },
      attributes: { tenant: "acme" },
      receiveCount: 1,
      lastError: { name: failure.error.name, message: failure.error.message, at: failure.at },
      status: "new",
    });
    expect(logger.lines.at(-1)).toMatchObject({ outcome: "recorded", queue: "orders", id: messageId });
  });

  it("records a dead letter the runtime sent itself under the ORIGINAL message id", async () => {
    // Arrange: the runtime writes the failure, then sends a copy (new SQS id) to the DLQ
    await stack.sqs.send(
      new SendMessageCommand({
        QueueUrl: queue().url,
        MessageBody: "{}",
        MessageGroupId: "g-2",
        MessageDeduplicationId: "order-2",
      }),
    );
    const [received] = await receive(queue().url);
    const record = sqsMessageToRecord(received ?? {}, { queueArn: queue().arn });
    const envelope = toEnvelope(record, "orders");
    const error = new PermanentError("negative amount");
    await failureLog().record([
      failureRecordFactory({ messageId: envelope.id, dedupId: "order-2", groupId: "g-2", error, attempt: 1 }),
    ]);
    await createSqsDeadLetterSender({ sqs: stack.sqs, dlqUrl: queue().dlqUrl }).send(
      toOutboundDeadLetter(record, envelope, error),
    );

    // Act
    await recorder()(await dlqEvent());

    // Assert
    expect(await store().get("orders", envelope.id)).toMatchObject({
      id: envelope.id,
      dedupId: "order-2",
      lastError: { name: "PermanentError", message: "negative amount" },
    });
  });

  it("is idempotent on redelivery: no second record, and a redriven status is not reset", async () => {
    // Arrange
    const messageId = await sendAndExhaust("order-3", "g-3");
    const event = await dlqEvent();
    await recorder()(event);
    await store().claimRedrive("orders", messageId, new Date().toISOString());
    await store().markRedriven("orders", messageId, { messageId: "new-1", at: new Date().toISOString() });

    // Act
    const again = await recorder()(event);

    // Assert
    expect(again.batchItemFailures).toEqual([]);
    expect(logger.lines.at(-1)).toMatchObject({ outcome: "duplicate", id: messageId });
    const page = await store().list("orders", { limit: 100 });
    expect(page.items.filter((item) => item.id === messageId)).toHaveLength(1);
    expect(await store().get("orders", messageId)).toMatchObject({
      status: "redriven",
      redrivenMessageId: "new-1",
    });
  });
});
