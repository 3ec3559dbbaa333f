import { describe, expect, it } from "vitest";
import { createSqsDeadLetterSender } from "../../../functions/adapters/sqs/dead-letter-queue";
import { PermanentError } from "../../../functions/core/consumer/errors";
import type { ConsumerDefinition } from "../../../functions/core/consumer/types";
import { createConsumer } from "../../../functions/runtime/create-consumer";
import { sqsMessageToRecord } from "../../../functions/runtime/sqs-message-to-record";
import { lambdaContextFactory, sqsEventFactory } from "../../factories/sqs";
import { createMemoryLogger } from "../../support/memory-logger";
import { receiveMessages, stackRecorder, testQueueConfig } from "../../support/test-stack";
import { useApi } from "./api-harness";

interface Big {
  readonly text: string;
}

/** Issue 17: a message up to the API's limit is published, consumed, dead-lettered and redriven whole. */
describe("a 5 MB message (API, consumer runtime and recorder on fauxqs SQS + S3 and DynamoDB Local)", () => {
  const api = useApi([testQueueConfig()]);
  const logger = createMemoryLogger();
  const text = `${"x".repeat(5_000_000)}end`;

  /** One poll of `orders` by the consumer runtime; the bodies it handled (the rest goes to the DLQ). */
  const consumeOnce = async (poison: boolean) => {
    const { provisioned } = api().stack.queue("orders");
    const seen: Big[] = [];
    const definition: ConsumerDefinition<Big, void> = {
      handle: async ({ body }) => {
        seen.push(body);
        if (poison) throw new PermanentError("poison");
      },
    };
    const deadLetters = createSqsDeadLetterSender({ sqs: api().stack.sqs, dlqUrl: provisioned.dlqUrl });
    const consumer = createConsumer(definition, {
      queue: "orders",
      deadLetters,
      logger,
      payloads: api().stack.payloads,
    });
    const messages = await api().drain("orders");
    const records = messages.map((message) => sqsMessageToRecord(message, { queueArn: provisioned.arn }));
    const response = await consumer({ Records: records }, lambdaContextFactory({ remainingMs: 30_000 }));
    return { seen, response, messages };
  };

  it("publishes it through the API (over SQS's 1 MiB: stored in S3) and the consumer gets the body whole", async () => {
    // Act
    const published = await api().call({
      method: "POST",
      path: "/queues/orders/messages",
      body: { body: { text }, groupId: "g-big", dedupId: "big-1", attributes: { tenant: "acme" } },
    });
    const { seen, response, messages } = await consumeOnce(false);

    // Assert
    expect(published.status, JSON.stringify(published.body).slice(0, 300)).toBe(202);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.Body?.length).toBeLessThan(1000);
    expect(messages[0]?.MessageAttributes?.tenant?.StringValue).toBe("acme");
    expect(response.batchItemFailures).toEqual([]);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.text === text).toBe(true);
  });

  it("dead-letters it and redrives it back whole", async () => {
    // Arrange
    const published = await api().call({
      method: "POST",
      path: "/queues/orders/messages",
      body: { body: { text }, groupId: "g-dead", dedupId: "big-2" },
    });
    expect(published.status).toBe(202);
    const { provisioned } = api().stack.queue("orders");
    await consumeOnce(true);
    const dead = await receiveMessages(api().stack.sqs, provisioned.dlqUrl);
    expect(dead).toHaveLength(1);
    const records = dead.map((message) => sqsMessageToRecord(message, { queueArn: provisioned.dlqArn }));
    const recorded = await stackRecorder(api().stack, logger)(sqsEventFactory(records));
    expect(recorded.batchItemFailures).toEqual([]);
    const id = records[0]?.messageId ?? "";

    // Act
    const redriven = await api().call({ method: "POST", path: `/queues/orders/dead-letters/${id}/redrive` });
    const { seen, response } = await consumeOnce(false);

    // Assert
    expect(redriven.status, JSON.stringify(redriven.body).slice(0, 300)).toBe(202);
    expect(response.batchItemFailures).toEqual([]);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.text === text).toBe(true);
  });
});
