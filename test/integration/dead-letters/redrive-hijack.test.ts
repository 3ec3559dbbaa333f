import { describe, expect, it } from "vitest";
import { createDynamoDbDeadLetterStore } from "../../../functions/adapters/dead-letters/dead-letter-store";
import { carriedBody, toEnvelope } from "../../../functions/core/consumer/message";
import type { DeadLetterRecord } from "../../../functions/core/dead-letters/types";
import { sqsMessageToRecord } from "../../../functions/runtime/sqs-message-to-record";
import { deadLetterRecordFactory } from "../../factories/dead-letters";
import { testQueueConfig } from "../../support/test-stack";
import { bodyOf, useApi } from "../api/api-harness";

/**
 * A producer must not be able to make SQS drop a redrive as a duplicate (data-safety issue, class 2): fauxqs,
 * like SQS without high throughput, deduplicates per queue, so a squatted dedup id would swallow the redrive.
 */
describe("a producer cannot pre-empt a redrive (API handler on fauxqs + DynamoDB Local)", () => {
  const api = useApi([testQueueConfig({ highThroughput: false })]);
  const seed = async (record: DeadLetterRecord) => {
    const store = createDynamoDbDeadLetterStore({
      dynamo: api().stack.dynamo,
      table: api().stack.tables.deadLetters,
    });
    await store.putIfAbsent(record);
    return record;
  };

  it("refuses a dedupId or Idempotency-Key in fifoq's reserved prefix, and the redrive still arrives", async () => {
    // Arrange
    const record = await seed(deadLetterRecordFactory({ id: "victim-1", groupId: "g-victim" }));
    const squat = { body: { evil: true }, groupId: "g-victim", dedupId: "fifoq-redrive-victim-1" };

    // Act
    const byBody = await api().call({ method: "POST", path: "/queues/orders/messages", body: squat });
    const byHeader = await api().call({
      method: "POST",
      path: "/queues/orders/messages",
      body: { body: { evil: true }, groupId: "g-victim" },
      headers: { "Idempotency-Key": "FIFOQ-redrive-victim-1" },
    });
    const redrive = await api().call<{ messageId: string }>({
      method: "POST",
      path: `/queues/orders/dead-letters/${record.id}/redrive`,
    });

    // Assert
    expect(byBody).toMatchObject({ status: 400, body: { error: { code: "INVALID_MESSAGE" } } });
    expect(byHeader).toMatchObject({ status: 400, body: { error: { code: "INVALID_MESSAGE" } } });
    expect(redrive.status).toBe(202);
    const messages = await api().drain("orders");
    expect(messages.map((message) => message.MessageId)).toEqual([redrive.body.messageId]);
    expect(bodyOf(messages[0] ?? {})).toEqual(record.body);
  });

  it("redrives with a deduplication id that cannot be derived from the dead letter's id", async () => {
    // Arrange
    const record = await seed(deadLetterRecordFactory({ id: "victim-2", groupId: "g-victim-2" }));

    // Act
    const redrive = await api().call({
      method: "POST",
      path: `/queues/orders/dead-letters/${record.id}/redrive`,
    });

    // Assert
    expect(redrive.status).toBe(202);
    const [message] = await api().drain("orders");
    const deduplicationId = message?.Attributes?.MessageDeduplicationId ?? "";
    expect(deduplicationId).toMatch(/^fifoq-redrive-[0-9a-f]{32}$/);
    expect(deduplicationId).not.toContain(record.id);
  });
  it("redrives a 10-attribute message with fifoq's own dedup id, so a producer who squats the original loses", async () => {
    // Arrange: 10 attributes (no slot left), first sent 11 minutes ago; a producer sends the same group and
    // dedup id just before the operator redrives
    const attributes = Object.fromEntries(Array.from({ length: 10 }, (_, n) => [`a${n}`, `v${n}`]));
    const record = await seed(
      deadLetterRecordFactory({
        id: "victim-3",
        groupId: "g-victim-3",
        dedupId: "order-ten",
        attributes,
        firstSentAt: new Date(Date.now() - 11 * 60_000).toISOString(),
      }),
    );
    const squat = await api().call({
      method: "POST",
      path: "/queues/orders/messages",
      body: { body: { evil: true }, groupId: "g-victim-3", dedupId: "order-ten" },
    });
    await api().drain("orders");

    // Act
    const redrive = await api().call<{ messageId: string }>({
      method: "POST",
      path: `/queues/orders/dead-letters/${record.id}/redrive`,
    });

    // Assert: the redrive arrives, with its 10 attributes, and the consumer sees the original dedup id and body
    expect(squat.status).toBe(202);
    expect(redrive.status).toBe(202);
    const [message, ...rest] = await api().drain("orders");
    expect(rest).toEqual([]);
    expect(message?.MessageId).toBe(redrive.body.messageId);
    expect(message?.Attributes?.MessageDeduplicationId).toMatch(/^fifoq-redrive-/);
    expect(Object.keys(message?.MessageAttributes ?? {}).sort()).toEqual(Object.keys(attributes).sort());
    const delivered = sqsMessageToRecord(message ?? {}, {
      queueArn: api().stack.queue("orders").provisioned.arn,
    });
    expect(toEnvelope(delivered, "orders").dedupId).toBe("order-ten");
    expect(JSON.parse(carriedBody(delivered))).toEqual(record.body);
  });
});
