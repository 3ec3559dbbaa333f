import { DeleteMessageCommand, type Message } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { createSqsMessageSender } from "../../../functions/adapters/sqs/message-sender";
import { publishTick } from "../../../functions/core/schedules/tick";
import { receiveMessages, useTestStack } from "../../support/test-stack";

describe("a schedule's tick on the SQS emulator", () => {
  const stack = useTestStack();

  it("enqueues one message per tick however often the tick runs (retries, a repeated fire)", async () => {
    // Arrange
    const { provisioned, config } = stack.queue("orders");
    const queues = {
      orders: {
        url: provisioned.url,
        dlqUrl: provisioned.dlqUrl,
        contentBasedDeduplication: config.contentBasedDeduplication,
      },
    };
    const deps = { sender: createSqsMessageSender(stack.sqs), queues };
    const schedule = { name: "daily", queue: "orders", groupId: "ticks", body: '{"n":1}', attributes: {} };
    const [tick, nextTick] = [Date.UTC(2027, 0, 31, 9), Date.UTC(2027, 1, 1, 9)];

    // Act
    await Promise.all([publishTick(schedule, tick, deps), publishTick(schedule, tick, deps)]);
    await publishTick(schedule, tick, deps);
    await publishTick(schedule, nextTick, deps);
    const received: Message[] = [];
    for (let round = 0; round < 3; round += 1) {
      const messages = await receiveMessages(stack.sqs, provisioned.url);
      received.push(...messages);
      for (const { ReceiptHandle } of messages) {
        await stack.sqs.send(new DeleteMessageCommand({ QueueUrl: provisioned.url, ReceiptHandle }));
      }
    }

    // Assert
    expect(received.map((message) => message.Attributes?.MessageDeduplicationId).sort()).toEqual([
      "fifoq-tick-daily-20270131T090000Z",
      "fifoq-tick-daily-20270201T090000Z",
    ]);
  });
});
