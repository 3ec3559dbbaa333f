import { describe, expect, it } from "vitest";
import { toEnvelope } from "../../../functions/core/consumer/message";
import { splitAttributes } from "../../../functions/core/dead-letters/attributes";
import { sqsRecordFactory } from "../../factories/sqs";

/** A Lambda SQS record whose attributes are named like Object.prototype's own properties. */
const recordWithPrototypeNames = () => {
  const record = sqsRecordFactory({ queueName: "orders.fifo", groupId: "g" });
  const attribute = (value: string) => ({
    dataType: "String",
    stringValue: value,
    stringListValues: [],
    binaryListValues: [],
  });
  // JSON.parse, as the Lambda runtime builds the event: `__proto__` is an own property.
  const messageAttributes = JSON.parse(
    JSON.stringify({
      constructor: attribute("c"),
      prototype: attribute("t"),
      toString: attribute("s"),
    }).replace("{", `{"__proto__":${JSON.stringify(attribute("p"))},`),
  );
  return { ...record, messageAttributes };
};

describe("attribute names __proto__, constructor and prototype are ordinary names", () => {
  it("reaches the consumer's message", () => {
    // Act
    const envelope = toEnvelope(recordWithPrototypeNames(), "orders");

    // Assert
    expect(Object.entries(envelope.attributes)).toEqual([
      ["__proto__", "p"],
      ["constructor", "c"],
      ["prototype", "t"],
      ["toString", "s"],
    ]);
    expect(Object.getPrototypeOf(envelope.attributes)).toBeNull();
  });

  it("reaches the dead letter the recorder makes", () => {
    // Act
    const { values, types } = splitAttributes(recordWithPrototypeNames().messageAttributes);

    // Assert
    expect(Object.entries(values)).toEqual([
      ["__proto__", "p"],
      ["constructor", "c"],
      ["prototype", "t"],
      ["toString", "s"],
    ]);
    expect(Object.entries(types)).toEqual([]);
  });

  it("gives no attribute that was not sent", () => {
    // Act
    const envelope = toEnvelope(sqsRecordFactory({ queueName: "orders.fifo", groupId: "g" }), "orders");

    // Assert
    expect(envelope.attributes.constructor).toBeUndefined();
  });
});
