import { describe, expect, it } from "vitest";
import { handler, parseOrder } from "../../../functions/consumers/orders";
import { sqsRecordFactory } from "../../factories/sqs";
import { consumerHarness } from "./fakes";

describe("orders consumer", () => {
  it.each([
    ["a non-object", [1, 2], "order must be a JSON object"],
    ["a missing orderId", { amount: 5 }, "orderId must be a non-empty string"],
    ["a string amount", { orderId: "o-1", amount: "5" }, "amount must be a finite number"],
  ])("refuses %s in parse", (_, body, message) => {
    expect(() => parseOrder(body)).toThrow(message);
  });

  it("processes a valid order and logs it", async () => {
    // Arrange
    const harness = consumerHarness(handler.definition);
    const record = sqsRecordFactory({
      messageId: "m1",
      groupId: "customer-1",
      body: { orderId: "o-1", amount: 12.5 },
    });

    // Act
    const response = await harness.run([record]);

    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(harness.logger.lines).toContainEqual(
      expect.objectContaining({ message: "order received", orderId: "o-1", amount: 12.5, messageId: "m1" }),
    );
  });

  it.each([
    ["a negative amount", { orderId: "o-2", amount: -1 }, "PermanentError"],
    ["an invalid body", { orderId: "", amount: 1 }, "MessageParseError"],
  ])("dead-letters %s and acknowledges it", async (_, body, errorName) => {
    // Arrange
    const harness = consumerHarness(handler.definition);

    // Act
    const response = await harness.run([sqsRecordFactory({ messageId: "m2", groupId: "customer-1", body })]);

    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(harness.deadLetters.sent.map((letter) => letter.messageId)).toEqual(["m2"]);
    expect(harness.outcomeOf("m2")).toMatchObject({ outcome: "dead-lettered", error: { name: errorName } });
  });
});
