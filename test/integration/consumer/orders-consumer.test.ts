import { ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { handler } from "../../../functions/consumers/orders";
import { buildConsumerDeps, createConsumer, sqsMessageToRecord } from "../../../functions/runtime/internal";
import { lambdaContextFactory } from "../../factories/sqs";
import { createMemoryLogger } from "../../support/memory-logger";
import { useTestStack } from "../../support/test-stack";

describe("orders consumer with the deps the local stack builds (fauxqs)", () => {
  const stack = useTestStack();

  it("processes a valid order and dead-letters a negative amount into orders-dlq.fifo", async () => {
    // Arrange
    const { provisioned } = stack.queue("orders");
    const orders = [
      { groupId: "customer-1", body: { orderId: "o-1", amount: 10 } },
      { groupId: "customer-2", body: { orderId: "o-2", amount: -3 } },
    ];
    for (const [index, { groupId, body }] of orders.entries()) {
      await stack.sqs.send(
        new SendMessageCommand({
          QueueUrl: provisioned.url,
          MessageBody: JSON.stringify(body),
          MessageGroupId: groupId,
          MessageDeduplicationId: `order-${index}`,
        }),
      );
    }
    const logger = createMemoryLogger();
    const deps = buildConsumerDeps({
      queue: "orders",
      dlqUrl: provisioned.dlqUrl,
      sqs: stack.sqs,
      idempotencyWindowSeconds: 0,
      logger,
    });
    const consumer = createConsumer(handler.definition, deps);
    const { Messages = [] } = await stack.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: provisioned.url,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ["All"],
        MessageAttributeNames: ["All"],
      }),
    );
    const records = Messages.map((message) => sqsMessageToRecord(message, { queueArn: provisioned.arn }));

    // Act
    const response = await consumer({ Records: records }, lambdaContextFactory());

    // Assert
    expect(records).toHaveLength(2);
    expect(response.batchItemFailures).toEqual([]);
    const outcomes = logger.lines.filter((line) => line.message === "fifoq record outcome");
    expect(outcomes.map((line) => [line.dedupId, line.outcome]).sort()).toEqual([
      ["order-0", "processed"],
      ["order-1", "dead-lettered"],
    ]);
    const { Messages: dead = [] } = await stack.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: provisioned.dlqUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      }),
    );
    expect(dead.map((message) => JSON.parse(message.Body ?? "null"))).toEqual([
      { orderId: "o-2", amount: -3 },
    ]);
  });
});
