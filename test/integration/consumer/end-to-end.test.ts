import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
} from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { createSqsDeadLetterSender } from "../../../functions/adapters/sqs/dead-letter-queue";
import { PermanentError } from "../../../functions/core/consumer/errors";
import type { ConsumerDefinition } from "../../../functions/core/consumer/types";
import { createConsumer } from "../../../functions/runtime/create-consumer";
import { sqsMessageToRecord } from "../../../functions/runtime/sqs-message-to-record";
import { lambdaContextFactory } from "../../factories/sqs";
import { createMemoryLogger } from "../../support/memory-logger";
import { type TestStack, useTestStack } from "../../support/test-stack";

interface Step {
  readonly n: number;
  readonly poison?: boolean;
}

const receive = (stack: TestStack, queueUrl: string): Promise<Message[]> =>
  stack.sqs
    .send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ["All"],
        MessageAttributeNames: ["All"],
      }),
    )
    .then((result) => result.Messages ?? []);

/**
 * What Lambda's event source does with a batch: invoke, delete the successes. A reported failure is made
 * visible again at once (standing in for the visibility timeout running out).
 */
const pollOnce = async (stack: TestStack, consumer: ReturnType<typeof createConsumer>): Promise<number> => {
  const { provisioned } = stack.queue("orders");
  const messages = await receive(stack, provisioned.url);
  if (messages.length === 0) return 0;
  const records = messages.map((message) => sqsMessageToRecord(message, { queueArn: provisioned.arn }));
  const response = await consumer({ Records: records }, lambdaContextFactory({ remainingMs: 30_000 }));
  const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
  for (const { messageId, receiptHandle: ReceiptHandle } of records) {
    if (failed.has(messageId)) {
      await stack.sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: provisioned.url,
          ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      );
    } else {
      await stack.sqs.send(new DeleteMessageCommand({ QueueUrl: provisioned.url, ReceiptHandle }));
    }
  }
  return messages.length;
};

describe("consumer runtime end to end (fauxqs, idempotency off)", () => {
  const stack = useTestStack();

  it("applies each group's effects in send order, retries a failure in order and dead-letters a poison", async () => {
    // Arrange: three groups sent interleaved; B2 is poison, C2 fails on its first attempt
    const { provisioned } = stack.queue("orders");
    const sends: [string, Step][] = [];
    for (let n = 1; n <= 3; n += 1) {
      for (const group of ["A", "B", "C"]) sends.push([group, { n, poison: group === "B" && n === 2 }]);
    }
    for (const [group, step] of sends) {
      await stack.sqs.send(
        new SendMessageCommand({
          QueueUrl: provisioned.url,
          MessageBody: JSON.stringify(step),
          MessageGroupId: group,
          MessageDeduplicationId: `${group}-${step.n}`,
          MessageAttributes: { source: { DataType: "String", StringValue: "e2e" } },
        }),
      );
    }
    const effects: string[] = [];
    const definition: ConsumerDefinition<Step, void> = {
      handle: async ({ groupId, body, attempt, attributes }) => {
        if (body.poison) throw new PermanentError(`${groupId}${body.n} is poison`);
        if (groupId === "C" && body.n === 2 && attempt === 1) throw new Error("C2 transient failure");
        effects.push(`${groupId}${body.n}:${attributes.source}`);
      },
    };
    const logger = createMemoryLogger();
    const deadLetters = createSqsDeadLetterSender({ sqs: stack.sqs, dlqUrl: provisioned.dlqUrl });
    const consumer = createConsumer(definition, { queue: "orders", deadLetters, logger });

    // Act: poll until the queue is drained
    for (let round = 0; round < 30 && effects.length < 8; round += 1) await pollOnce(stack, consumer);
    const leftover = await receive(stack, provisioned.url);

    // Assert
    const of = (group: string) => effects.filter((effect) => effect.startsWith(group));
    expect(of("A")).toEqual(["A1:e2e", "A2:e2e", "A3:e2e"]);
    expect(of("B")).toEqual(["B1:e2e", "B3:e2e"]);
    expect(of("C")).toEqual(["C1:e2e", "C2:e2e", "C3:e2e"]);
    expect(leftover).toEqual([]);
    const outcomes = logger.lines.filter((line) => line.message === "fifoq record outcome");
    const c2 = outcomes.filter((line) => line.dedupId === "C-2").map((line) => [line.outcome, line.attempt]);
    expect(c2).toEqual([
      ["failed", 1],
      ["processed", 2],
    ]);
    const dead = await receive(stack, provisioned.dlqUrl);
    expect(dead.map((message) => [message.Body, message.Attributes?.MessageGroupId])).toEqual([
      [JSON.stringify({ n: 2, poison: true }), "B"],
    ]);
  });
});
