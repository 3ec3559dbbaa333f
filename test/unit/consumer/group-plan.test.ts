import { describe, expect, it } from "vitest";
import { MessageParseError } from "../../../functions/core/consumer/errors";
import { planGroups } from "../../../functions/core/consumer/group-plan";
import { parseMessage, toEnvelope } from "../../../functions/core/consumer/message";
import { sqsRecordFactory } from "../../factories/sqs";

describe("planGroups", () => {
  it("groups by MessageGroupId in order of first appearance, keeping batch order and positions", () => {
    // Arrange: first appearance (C, A, B) is not alphabetical, so sorting by id would be caught
    const ids = ["c1", "a1", "c2", "b1", "a2", "c3"];
    const records = ids.map((id) =>
      sqsRecordFactory({ messageId: id, groupId: id.slice(0, 1).toUpperCase() }),
    );

    // Act
    const groups = planGroups(records, "orders");

    // Assert
    expect(
      groups.map((g) => [
        g.groupId,
        g.records.map((r) => `${r.envelope.id}@${r.positionInGroup}#${r.index}`),
      ]),
    ).toEqual([
      ["C", ["c1@0#0", "c2@1#2", "c3@2#5"]],
      ["A", ["a1@0#1", "a2@1#4"]],
      ["B", ["b1@0#3"]],
    ]);
  });
});

describe("toEnvelope", () => {
  it("reads the FIFO attributes and String message attributes", () => {
    // Arrange
    const record = sqsRecordFactory({
      messageId: "m1",
      groupId: "g",
      dedupId: "d",
      attempt: 2,
      sentAt: 1_700_000_000_000,
      attributes: { tenant: "acme" },
    });
    record.messageAttributes.blob = { dataType: "Binary", binaryValue: "AAE=" };

    // Act
    const envelope = toEnvelope(record, "orders");

    // Assert
    expect(envelope).toEqual({
      id: "m1",
      queue: "orders",
      groupId: "g",
      dedupId: "d",
      sequenceNumber: record.attributes.SequenceNumber,
      attributes: { tenant: "acme" },
      attempt: 2,
      sentAt: new Date(1_700_000_000_000),
    });
  });

  it("falls back to the message id as dedup id and attempt 1 when SQS gave none", () => {
    // Arrange
    const record = sqsRecordFactory({ messageId: "m1", groupId: "g" });
    record.attributes.MessageDeduplicationId = undefined;
    record.attributes.ApproximateReceiveCount = "";

    // Act
    const envelope = toEnvelope(record, "orders");

    // Assert
    expect([envelope.dedupId, envelope.attempt]).toEqual(["m1", 1]);
  });
});

describe("parseMessage", () => {
  const envelope = toEnvelope(sqsRecordFactory({ messageId: "m1", groupId: "g" }), "orders");

  it("applies the definition's parse to the JSON body", () => {
    expect(parseMessage(envelope, '{"n":1}', (body) => ({ parsed: body })).body).toEqual({
      parsed: { n: 1 },
    });
  });

  it("wraps a JSON error in MessageParseError with the cause", () => {
    // Act
    const attempt = () => parseMessage(envelope, "{", undefined);

    // Assert
    expect(attempt).toThrow(MessageParseError);
    expect(attempt).toThrow(/message m1: body could not be parsed/);
  });

  it("wraps a parse throw in MessageParseError with the cause", () => {
    // Arrange
    const refusal = new TypeError("amount must be a number");

    // Act
    let caught: unknown;
    try {
      parseMessage(envelope, "{}", () => {
        throw refusal;
      });
    } catch (error) {
      caught = error;
    }

    // Assert
    expect(caught).toBeInstanceOf(MessageParseError);
    expect((caught as MessageParseError).cause).toBe(refusal);
  });
});
