import { ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { buildConsumerDeps, createConsumer, sqsMessageToRecord } from "../../../functions/runtime/internal";
import { lambdaContextFactory } from "../../factories/sqs";
import { createMemoryLogger } from "../../support/memory-logger";
import { useTestStack } from "../../support/test-stack";

describe("consumer runtime with the DynamoDB idempotency guard (fauxqs + DynamoDB Local)", () => {
  const stack = useTestStack();

  it("runs handle once when the same message is delivered again (acknowledged as duplicate)", async () => {
    // Arrange: one real message, delivered to two invocations (as after a lost delete)
    const { provisioned } = stack.queue("orders");
    await stack.sqs.send(
      new SendMessageCommand({
        QueueUrl: provisioned.url,
        MessageBody: JSON.stringify({ orderId: "o-1" }),
        MessageGroupId: "customer-1",
        MessageDeduplicationId: "order-1",
      }),
    );
    const { Messages = [] } = await stack.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: provisioned.url, MessageSystemAttributeNames: ["All"] }),
    );
    const records = Messages.map((message) => sqsMessageToRecord(message, { queueArn: provisioned.arn }));
    const logger = createMemoryLogger();
    const deps = buildConsumerDeps({
      queue: "orders",
      dlqUrl: provisioned.dlqUrl,
      sqs: stack.sqs,
      dynamo: stack.dynamo,
      idempotencyTable: stack.tables.idempotency,
      idempotencyWindowSeconds: 3600,
      logger,
    });
    const effects: string[] = [];
    const consumer = createConsumer({ handle: async (message) => void effects.push(message.id) }, deps);

    // Act
    const first = await consumer({ Records: records }, lambdaContextFactory());
    const second = await consumer({ Records: records }, lambdaContextFactory());

    // Assert
    expect(records).toHaveLength(1);
    expect([first, second]).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(effects).toEqual([records[0]?.messageId]);
    const outcomes = logger.lines.filter((line) => line.message === "fifoq record outcome");
    expect(outcomes.map((line) => line.outcome)).toEqual(["processed", "duplicate"]);
  });
});
