import { ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { createSqsDeadLetterSender } from "../../../functions/adapters/sqs/dead-letter-queue";
import { DeadLetterSendError, PermanentError } from "../../../functions/core/consumer/errors";
import { toEnvelope, toOutboundDeadLetter } from "../../../functions/core/consumer/message";
import { sqsMessageToRecord } from "../../../functions/runtime/sqs-message-to-record";
import { useTestStack } from "../../support/test-stack";

describe("SQS dead-letter sender (fauxqs)", () => {
  const stack = useTestStack();

  const receiveAll = async (queueUrl: string) => {
    const { Messages = [] } = await stack.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ["All"],
        MessageAttributeNames: ["All"],
      }),
    );
    return Messages;
  };

  it("lands the message in <name>-dlq.fifo with its group, body, attributes and the original id as dedup id", async () => {
    // Arrange: a real message received from the source queue, as Lambda would see it
    const { provisioned } = stack.queue("orders");
    const body = JSON.stringify({ orderId: "o-1", amount: -5 });
    await stack.sqs.send(
      new SendMessageCommand({
        QueueUrl: provisioned.url,
        MessageBody: body,
        MessageGroupId: "customer-42",
        MessageDeduplicationId: "order-9001",
        MessageAttributes: {
          tenant: { DataType: "String", StringValue: "acme" },
          priority: { DataType: "Number", StringValue: "3" },
          blob: { DataType: "Binary", BinaryValue: Uint8Array.from([0, 1, 254]) },
        },
      }),
    );
    const [received] = await receiveAll(provisioned.url);
    if (!received) throw new Error("nothing received from the source queue");
    const record = sqsMessageToRecord(received, { queueArn: provisioned.arn });
    const letter = toOutboundDeadLetter(
      record,
      toEnvelope(record, "orders"),
      new PermanentError("negative amount"),
    );

    // Act
    await createSqsDeadLetterSender({ sqs: stack.sqs, dlqUrl: provisioned.dlqUrl }).send(letter);

    // Assert
    const [dead, ...rest] = await receiveAll(provisioned.dlqUrl);
    expect(rest).toEqual([]);
    expect(dead?.Body).toBe(body);
    expect(dead?.Attributes).toMatchObject({
      MessageGroupId: "customer-42",
      MessageDeduplicationId: record.messageId,
    });
    expect(dead?.MessageAttributes).toEqual({
      tenant: { DataType: "String", StringValue: "acme" },
      priority: { DataType: "Number", StringValue: "3" },
      blob: { DataType: "Binary", BinaryValue: Uint8Array.from([0, 1, 254]) },
      // SQS replaces the dedup id of a message it moves to a FIFO DLQ; the runtime's own send carries the
      // original in this attribute so the recorder never depends on the failure log alone.
      "fifoq-dedup-id": { DataType: "String", StringValue: "order-9001" },
    });
  });

  it("turns an SQS error into DeadLetterSendError carrying the SDK error", async () => {
    // Arrange
    const { provisioned } = stack.queue("orders");
    const missingQueueUrl = provisioned.dlqUrl.replace("orders-dlq.fifo", "missing-dlq.fifo");
    const sender = createSqsDeadLetterSender({ sqs: stack.sqs, dlqUrl: missingQueueUrl });
    const record = sqsMessageToRecord(
      { MessageId: "m-x", Body: "{}", Attributes: { MessageGroupId: "g" } },
      { queueArn: provisioned.arn },
    );

    // Act
    const sending = sender.send(
      toOutboundDeadLetter(record, toEnvelope(record, "orders"), new PermanentError("x")),
    );

    // Assert
    await expect(sending).rejects.toBeInstanceOf(DeadLetterSendError);
    await expect(sending).rejects.toMatchObject({ messageId: "m-x", cause: expect.any(Error) });
  });
  it("dead-letters a message within a few bytes of 1 MiB at once: fifoq's own metadata is added only if its bytes fit", async () => {
    // Arrange: body + attribute exactly 10 bytes under SQS's 1 MiB
    const { provisioned } = stack.queue("orders");
    const attribute = { tenant: { DataType: "String", StringValue: "acme" } };
    const body = `"${"x".repeat(1_048_576 - 10 - "tenantStringacme".length - 2)}"`;
    await stack.sqs.send(
      new SendMessageCommand({
        QueueUrl: provisioned.url,
        MessageBody: body,
        MessageGroupId: "g-big",
        MessageDeduplicationId: "big-1",
        MessageAttributes: attribute,
      }),
    );
    const [received] = await receiveAll(provisioned.url);
    if (!received) throw new Error("nothing received from the source queue");
    const record = sqsMessageToRecord(received, { queueArn: provisioned.arn });
    const letter = toOutboundDeadLetter(record, toEnvelope(record, "orders"), new PermanentError("no"));

    // Act
    await createSqsDeadLetterSender({ sqs: stack.sqs, dlqUrl: provisioned.dlqUrl }).send(letter);

    // Assert
    const [dead] = await receiveAll(provisioned.dlqUrl);
    expect(dead?.Body).toBe(body);
    expect(dead?.MessageAttributes).toEqual(attribute);
  });
});
