import { describe, expect, it } from "vitest";
import { toDeadLetter, toPublicDeadLetter } from "../../../functions/core/dead-letters/to-dead-letter";
import { dlqRecordFactory, failureRecordFactory } from "../../factories/dead-letters";

const NOW = Date.parse("2026-03-01T10:05:00.000Z");
const TOKEN = "0123456789abcdef0123456789abcdef";

describe("toDeadLetter", () => {
  it("restores the original dedup id from the failure entry when SQS replaced it with the message id", () => {
    // Arrange: SQS moved the message after maxReceiveCount (same id; its dedup id is now the message id)
    const failure = failureRecordFactory({ messageId: "m-1", dedupId: "order-9001", attempt: 3 });
    const record = dlqRecordFactory({ messageId: "m-1", dedupId: "m-1", groupId: "customer-42", attempt: 4 });

    // Act
    const letter = toDeadLetter(record, failure, "orders", NOW, TOKEN);

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
    const letter = toDeadLetter(record, failure, "orders", NOW, TOKEN);

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
    const fromAttribute = toDeadLetter(redriven, undefined, "orders", NOW, TOKEN);
    const fromSqs = toDeadLetter(plain, undefined, "orders", NOW, TOKEN);

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
    const fromJson = toDeadLetter(json, undefined, "orders", NOW, TOKEN);
    const fromText = toDeadLetter(text, undefined, "orders", NOW, TOKEN);

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
    const letter = toDeadLetter(withNumber, undefined, "orders", NOW, TOKEN);

    // Assert
    expect(letter.attributes).toEqual({ tenant: "acme", priority: "7" });
    expect(letter.attributeTypes).toEqual({ priority: "Number" });
  });

  it("cuts a body too large for a DynamoDB item and marks it", () => {
    // Arrange
    const record = dlqRecordFactory({ rawBody: "é".repeat(300_000), groupId: "g" });

    // Act
    const letter = toDeadLetter(record, undefined, "orders", NOW, TOKEN);

    // Assert
    expect(letter.bodyTruncated).toBe(true);
    expect(Buffer.byteLength(letter.rawBody)).toBeLessThanOrEqual(350_000);
    expect(letter.rawBody.endsWith("é")).toBe(true);
    expect(toPublicDeadLetter(letter)).toMatchObject({ bodyTruncated: true });
  });

  it("cuts by bytes: a genuine U+FFFD before the cut stays, half a character after it goes", () => {
    // Arrange: the budget ends right after a real U+FFFD (3 bytes), and in the middle of a 4-byte emoji
    const budget = 350_000;
    const keeps = dlqRecordFactory({
      rawBody: `${"a".repeat(budget - 3)}\uFFFD${"b".repeat(10)}`,
      groupId: "g",
    });
    const splits = dlqRecordFactory({
      rawBody: `${"a".repeat(budget - 2)}😀${"b".repeat(10)}`,
      groupId: "g",
    });

    // Act
    const kept = toDeadLetter(keeps, undefined, "orders", NOW, TOKEN);
    const split = toDeadLetter(splits, undefined, "orders", NOW, TOKEN);

    // Assert
    expect(kept.rawBody.endsWith("a\uFFFD")).toBe(true);
    expect(Buffer.byteLength(kept.rawBody)).toBe(budget);
    expect(split.rawBody === "a".repeat(budget - 2)).toBe(true);
  });

  it("keeps the replacement characters a body really holds when it cuts it", () => {
    // Arrange: 400 k genuine U+FFFD, then text; the cut keeps 116 666 of them (3 bytes each)
    const record = dlqRecordFactory({ rawBody: `${"\uFFFD".repeat(400_000)}x`, groupId: "g" });

    // Act
    const letter = toDeadLetter(record, undefined, "orders", NOW, TOKEN);

    // Assert
    expect(letter.bodyTruncated).toBe(true);
    expect(letter.rawBody.length).toBe(116_666);
    expect(letter.rawBody === "\uFFFD".repeat(116_666)).toBe(true);
  });

  it("shows no raw body or data types in the public view", () => {
    // Arrange
    const letter = toDeadLetter(
      dlqRecordFactory({ body: { a: 1 }, groupId: "g" }),
      undefined,
      "orders",
      NOW,
      TOKEN,
    );

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
