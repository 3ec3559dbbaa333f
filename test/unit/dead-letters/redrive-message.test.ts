import { describe, expect, it } from "vitest";
import { DeadLetterNotRedrivableError } from "../../../functions/core/dead-letters/errors";
import {
  buildRedriveMessage,
  redriveDeduplicationId,
} from "../../../functions/core/dead-letters/redrive-message";
import { unwrapBody } from "../../../functions/core/payloads/carrier";
import { deadLetterRecordFactory, typedDeadLetterFactory } from "../../factories/dead-letters";

const tenAttributes = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`a${i}`, `v${i}`]));

describe("buildRedriveMessage", () => {
  it("resends body and group with a new fixed dedup id and the original one in the body's carrier header", () => {
    // Arrange
    const record = typedDeadLetterFactory({ id: "m-1", dedupId: "order-1" });

    // Act
    const message = buildRedriveMessage(record);

    // Assert
    expect(message).toEqual({
      id: "m-1",
      queue: "orders",
      groupId: "customer-7",
      deduplicationId: `fifoq-redrive-${record.redriveToken}`,
      body: 'fifoq/1 {"dedupId":"order-1"}\n{"amount": 1.50}',
      attributes: {
        tenant: { dataType: "String", value: "acme" },
        priority: { dataType: "Number", value: "7" },
      },
    });
    expect(unwrapBody(message.body)).toEqual({ header: { dedupId: "order-1" }, body: '{"amount": 1.50}' });
  });

  it("takes the redrive's dedup id from the record's random token, so no one can derive it from the id", () => {
    // Arrange: the same id, two tokens (the recorder draws one per dead letter)
    const first = deadLetterRecordFactory({ id: "m-1", redriveToken: "a".repeat(32) });
    const second = deadLetterRecordFactory({ id: "m-1", redriveToken: "b".repeat(32) });

    // Act
    const ids = [first, second].map((record) => buildRedriveMessage(record).deduplicationId);

    // Assert
    expect(ids).toEqual([`fifoq-redrive-${"a".repeat(32)}`, `fifoq-redrive-${"b".repeat(32)}`]);
  });

  it("sends attributes named constructor, __proto__ and prototype as the ordinary String attributes they are", () => {
    // Arrange: the record as the store reads it (a plain object for the types, as any JSON would give)
    const attributes = JSON.parse('{"constructor":"c","__proto__":"p","prototype":"t"}');
    const record = deadLetterRecordFactory({ attributes, attributeTypes: {} });

    // Act
    const message = buildRedriveMessage(record);

    // Assert
    expect(Object.entries(message.attributes)).toEqual([
      ["constructor", { dataType: "String", value: "c" }],
      ["__proto__", { dataType: "String", value: "p" }],
      ["prototype", { dataType: "String", value: "t" }],
    ]);
  });

  it("falls back to the id for a record stored before tokens, within SQS's 128 characters", () => {
    // Arrange: an id longer than SQS's 128 characters
    const legacy = { id: "x".repeat(200) };

    // Act and assert
    expect(redriveDeduplicationId({ id: "m-1" })).toBe("fifoq-redrive-m-1");
    expect(redriveDeduplicationId(legacy).length).toBeLessThanOrEqual(128);
    expect(redriveDeduplicationId(legacy)).toBe(redriveDeduplicationId(legacy));
  });

  it("redrives a 10-attribute message at any time with fifoq's own dedup id and all ten attributes", () => {
    // Arrange: first sent a second ago, no attribute slot left
    const record = deadLetterRecordFactory({
      dedupId: "order-5",
      attributes: tenAttributes,
      firstSentAt: new Date(Date.now() - 1000).toISOString(),
    });

    // Act
    const message = buildRedriveMessage(record);

    // Assert
    expect(message.deduplicationId).toBe(`fifoq-redrive-${record.redriveToken}`);
    expect(Object.keys(message.attributes)).toEqual(Object.keys(tenAttributes));
    expect(unwrapBody(message.body)?.header.dedupId).toBe("order-5");
  });

  it("refuses a record whose body was cut", () => {
    const record = deadLetterRecordFactory({ bodyTruncated: true });
    expect(() => buildRedriveMessage(record)).toThrow(DeadLetterNotRedrivableError);
  });
});
