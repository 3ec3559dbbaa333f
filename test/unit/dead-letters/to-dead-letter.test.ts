import type { SQSRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import type { FailureRecord } from "../../../functions/core/dead-letters/failure-log";
import { toDeadLetter, toPublicDeadLetter } from "../../../functions/core/dead-letters/to-dead-letter";
import { unwrapBody } from "../../../functions/core/payloads/carrier";
import { dlqRecordFactory, failureRecordFactory } from "../../factories/dead-letters";

const NOW = Date.parse("2026-03-01T10:05:00.000Z");
const TOKEN = "0123456789abcdef0123456789abcdef";

/** `toDeadLetter` at NOW with TOKEN, the body as the recorder's `checkOut` gives it. */
const at = (record: SQSRecord, failure?: FailureRecord) =>
  toDeadLetter(record, failure, {
    queue: "orders",
    now: NOW,
    redriveToken: TOKEN,
    body: unwrapBody(record.body)?.body ?? record.body,
  });

describe("toDeadLetter", () => {
  it("restores the original dedup id from the failure entry when SQS replaced it with the message id", () => {
    // Arrange: SQS moved the message after maxReceiveCount (same id; its dedup id is now the message id)
    const failure = failureRecordFactory({ messageId: "m-1", dedupId: "order-9001", attempt: 3 });
    const record = dlqRecordFactory({ messageId: "m-1", dedupId: "m-1", groupId: "customer-42", attempt: 4 });

    // Act
    const letter = at(record, failure);

    // Assert
    expect(letter).toMatchObject({
      id: "m-1",
      messageId: "m-1",
      queue: "orders",
      groupId: "customer-42",
      dedupId: "order-9001",
      receiveCount: 3,
      firstSentAt: failure.sentAt,
      deadLetteredAt: "2026-03-01T10:05:00.000Z",
      lastError: { name: "Error", message: "payment service timed out", at: failure.at },
      status: "new",
    });
  });

  it("takes the original message id from the failure entry when the runtime sent the dead letter itself", () => {
    // Arrange: the runtime's send is a new SQS message whose dedup id is the original message id
    const failure = failureRecordFactory({ messageId: "orig-1", dedupId: "order-1" });
    const record = dlqRecordFactory({ messageId: "dlq-copy-1", dedupId: "orig-1", groupId: "customer-42" });

    // Act
    const letter = at(record, failure);

    // Assert
    expect(letter.id).toBe("orig-1");
    expect(letter.messageId).toBe("orig-1");
    expect(letter.dedupId).toBe("order-1");
  });

  it("falls back to the fifoq-dedup-id attribute, then to MessageDeduplicationId, without a failure entry", () => {
    // Arrange
    const redriven = dlqRecordFactory({
      messageId: "m-2",
      dedupId: "fifoq-redrive-x",
      originalDedupId: "order-2",
      groupId: "g",
    });
    const plain = dlqRecordFactory({ messageId: "m-3", dedupId: "order-3", groupId: "g", attempt: 6 });

    // Act
    const fromAttribute = at(redriven, undefined);
    const fromSqs = at(plain, undefined);

    // Assert
    expect(fromAttribute.dedupId).toBe("order-2");
    expect(fromAttribute.attributes).toEqual({});
    expect(fromSqs).toMatchObject({ id: "m-3", dedupId: "order-3", receiveCount: 6, lastError: null });
  });

  it("stores the body parsed when it is JSON and as text when it is not, keeping the raw text", () => {
    // Arrange
    const json = dlqRecordFactory({ rawBody: '{"amount": 42}', groupId: "g" });
    const text = dlqRecordFactory({ rawBody: "not json {", groupId: "g" });

    // Act
    const fromJson = at(json, undefined);
    const fromText = at(text, undefined);

    // Assert
    expect(fromJson.body).toEqual({ amount: 42 });
    expect(fromJson.rawBody).toBe('{"amount": 42}');
    expect(fromText.body).toBe("not json {");
  });

  it("keeps the user's attributes with their data types and leaves fifoq's own out", () => {
    // Arrange
    const record = dlqRecordFactory({ groupId: "g", attributes: { tenant: "acme" }, originalDedupId: "d" });
    const withNumber = {
      ...record,
      messageAttributes: {
        ...record.messageAttributes,
        priority: { dataType: "Number", stringValue: "7", stringListValues: [], binaryListValues: [] },
      },
    };

    // Act
    const letter = at(withNumber, undefined);

    // Assert
    expect(letter.attributes).toEqual({ tenant: "acme", priority: "7" });
    expect(letter.attributeTypes).toEqual({ priority: "Number" });
  });

  it("keeps a body of any size whole (the store, not this function, decides how to keep it)", () => {
    // Arrange
    const record = dlqRecordFactory({ rawBody: "é".repeat(500_000), groupId: "g" });

    // Act
    const letter = at(record);

    // Assert
    expect(letter.bodyTruncated).toBe(false);
    expect(letter.rawBody === record.body).toBe(true);
  });

  it("shows no raw body or data types in the public view", () => {
    // Arrange
    const letter = at(dlqRecordFactory({ body: { a: 1 }, groupId: "g" }));

    // Act
    const view = toPublicDeadLetter(letter);

    // Assert
    expect(view).not.toHaveProperty("rawBody");
    expect(view).not.toHaveProperty("attributeTypes");
    expect(view).not.toHaveProperty("bodyTruncated");
    expect(view).not.toHaveProperty("redriveToken");
    expect(view.body).toEqual({ a: 1 });
  });
});
