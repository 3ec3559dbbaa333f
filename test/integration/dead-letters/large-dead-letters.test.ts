import { describe, expect, it } from "vitest";
import { createDynamoDbDeadLetterStore } from "../../../functions/adapters/dead-letters/dead-letter-store";
import { carriedBody, toEnvelope } from "../../../functions/core/consumer/message";
import { checkOut } from "../../../functions/core/payloads/claim-check";
import { sqsMessageToRecord } from "../../../functions/runtime/sqs-message-to-record";
import { withinResponseLimit } from "../../../local/functions/lambda-limits";
import { apiEvent } from "../../factories/api-gateway";
import { dlqRecordFactory } from "../../factories/dead-letters";
import { sqsEventFactory } from "../../factories/sqs";
import { createMemoryLogger } from "../../support/memory-logger";
import { createResponseValidator } from "../../support/openapi-validator";
import { stackRecorder, testQueueConfig } from "../../support/test-stack";
import { useApi } from "../api/api-harness";

/**
 * Issue 17 classes 1 and 2: every dead letter is recorded, listed and redriven whole, whatever its size or
 * attributes, and one never holds back another of its group.
 */
describe("large dead letters (recorder and API on fauxqs SQS + S3 and DynamoDB Local)", () => {
  const api = useApi([testQueueConfig()]);
  const logger = createMemoryLogger();
  const store = () =>
    createDynamoDbDeadLetterStore({
      dynamo: api().stack.dynamo,
      table: api().stack.tables.deadLetters,
      payloads: api().stack.payloads,
    });
  const redrive = (id: string) =>
    api().call<{ messageId: string }>({ method: "POST", path: `/queues/orders/dead-letters/${id}/redrive` });

  it("records a dead letter with 410,000 characters of attributes and the one behind it in its group, in one go", async () => {
    // Arrange
    const huge = dlqRecordFactory({
      body: { amount: -1 },
      groupId: "g-big",
      attributes: { a: "x".repeat(410_000) },
    });
    const next = dlqRecordFactory({ body: { amount: -2 }, groupId: "g-big" });

    // Act
    const response = await stackRecorder(api().stack, logger)(sqsEventFactory([huge, next]));

    // Assert
    expect(response.batchItemFailures).toEqual([]);
    const first = await store().get("orders", huge.messageId);
    expect(first?.attributes.a?.length).toBe(410_000);
    expect(first?.body).toEqual({ amount: -1 });
    expect((await store().get("orders", next.messageId))?.body).toEqual({ amount: -2 });
    const listed = await api().call<{ items: { id: string }[] }>({
      path: "/queues/orders/dead-letters",
      query: { groupId: "g-big" },
    });
    expect(listed.status, JSON.stringify(listed.body).slice(0, 500)).toBe(200);
    expect(listed.body.items.map((item) => item.id).sort()).toEqual([huge.messageId, next.messageId].sort());
  });

  it("redrives a 900 KB dead letter whole, body and attributes byte for byte", async () => {
    // Arrange
    const text = `${"é".repeat(450_000)}end`;
    const record = dlqRecordFactory({ body: { text }, groupId: "g-900", attributes: { tenant: "acme" } });
    await stackRecorder(api().stack, logger)(sqsEventFactory([record]));

    // Act
    const response = await redrive(record.messageId);

    // Assert
    expect(response.status).toBe(202);
    const [message] = await api().drain("orders");
    const delivered = sqsMessageToRecord(message ?? {}, {
      queueArn: api().stack.queue("orders").provisioned.arn,
    });
    expect(carriedBody(delivered) === record.body).toBe(true);
    expect(delivered.messageAttributes.tenant?.stringValue).toBe("acme");
    expect(toEnvelope(delivered, "orders").dedupId).toBe(record.attributes.MessageDeduplicationId);
  });

  it("redrives a dead letter within bytes of 1 MiB through the payload store (claim check), whole", async () => {
    // Arrange: body + attribute 10 bytes under SQS's limit: the carrier header does not fit beside it
    const body = `"${"y".repeat(1_048_576 - 10 - "tenantStringacme".length - 2)}"`;
    const record = dlqRecordFactory({ rawBody: body, groupId: "g-1mib", attributes: { tenant: "acme" } });
    await stackRecorder(api().stack, logger)(sqsEventFactory([record]));

    // Act
    const response = await redrive(record.messageId);

    // Assert
    expect(response.status, JSON.stringify(response.body)).toBe(202);
    const [message] = await api().drain("orders");
    expect((message?.Body ?? "").length).toBeLessThan(1000);
    expect((await checkOut(message?.Body ?? "", api().stack.payloads)) === body).toBe(true);
  });

  it("answers a dead letter too heavy for one Lambda response without its body, in a listing too, and redrives it whole", async () => {
    // Arrange: 5 MB of JSON text, 10 MB once escaped in Lambda's response; beside it a 2 MB one that fits
    const rawBody = JSON.stringify({ quotes: '"'.repeat(2_500_000) });
    const heavy = dlqRecordFactory({ rawBody, groupId: "g-heavy" });
    const fits = dlqRecordFactory({ body: { text: "z".repeat(2_000_000) }, groupId: "g-fits" });
    await stackRecorder(api().stack, logger)(sqsEventFactory([heavy, fits]));
    const validate = createResponseValidator();
    const show = (id: string) =>
      api().handler(apiEvent({ method: "GET", path: `/queues/orders/dead-letters/${id}` }));

    // Act
    const shown = await show(heavy.messageId);
    const whole = await show(fits.messageId);
    const listed = await api().call<{ items: Record<string, unknown>[] }>({
      path: "/queues/orders/dead-letters",
      query: { limit: "100" },
    });
    const redriven = await redrive(heavy.messageId);

    // Assert: each answer within Lambda's limit, as the document says, the body left out only where it must be
    const answer = JSON.parse(withinResponseLimit(shown).body) as Record<string, unknown>;
    expect([shown.statusCode, answer.body, answer.bodyOmittedBytes]).toEqual([200, null, rawBody.length]);
    expect(validate("GET", "/queues/{queue}/dead-letters/{id}", 200, answer)).toEqual([]);
    const wholeAnswer = JSON.parse(withinResponseLimit(whole).body) as Record<string, unknown>;
    expect(wholeAnswer.body).toEqual({ text: "z".repeat(2_000_000) });
    expect(wholeAnswer).not.toHaveProperty("bodyOmittedBytes");
    const inList = listed.body.items.find((item) => item.id === heavy.messageId);
    expect([listed.status, inList?.body, inList?.bodyOmittedBytes]).toEqual([200, null, rawBody.length]);
    expect(validate("GET", "/queues/{queue}/dead-letters", 200, listed.body)).toEqual([]);
    expect(redriven.status).toBe(202);
    const [message] = await api().drain("orders");
    expect((await checkOut(message?.Body ?? "", api().stack.payloads)) === rawBody).toBe(true);
  });
});
