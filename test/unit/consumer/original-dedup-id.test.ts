import type { SQSRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { PermanentError } from "../../../functions/core/consumer/errors";
import { toEnvelope, toOutboundDeadLetter } from "../../../functions/core/consumer/message";
import type { ConsumerMessage } from "../../../functions/core/consumer/types";
import { ORIGINAL_DEDUP_ID_ATTRIBUTE } from "../../../functions/core/dead-letters/attributes";
import { sqsRecordFactory } from "../../factories/sqs";
import { consumerHarness, fakeGuard } from "./fakes";

/** A message as a redrive sends it back: a new SQS dedup id, the original one in `fifoq-dedup-id`. */
const redriven = (originalDedupId: string): SQSRecord =>
  sqsRecordFactory({
    messageId: "m-redriven",
    groupId: "customer-42",
    dedupId: "fifoq-redrive-m-original",
    attributes: { tenant: "acme", [ORIGINAL_DEDUP_ID_ATTRIBUTE]: originalDedupId, "fifoq-other": "x" },
  });

describe("the original dedup id", () => {
  it("is the fifoq-dedup-id attribute when the message has it, not the redrive's MessageDeduplicationId", () => {
    // Act
    const envelope = toEnvelope(redriven("order-9001"), "orders");

    // Assert
    expect(envelope.dedupId).toBe("order-9001");
  });

  it("is MessageDeduplicationId when there is no fifoq-dedup-id attribute", () => {
    // Arrange
    const record = sqsRecordFactory({ messageId: "m1", groupId: "g", dedupId: "order-1" });

    // Act
    const envelope = toEnvelope(record, "orders");

    // Assert
    expect(envelope.dedupId).toBe("order-1");
  });

  it("hides fifoq's own fifoq-* attributes from the message's attributes", () => {
    // Act
    const envelope = toEnvelope(redriven("order-9001"), "orders");

    // Assert
    expect(envelope.attributes).toEqual({ tenant: "acme" });
  });

  it("is what handle, the guard and the outcome line see", async () => {
    // Arrange
    const seen: ConsumerMessage<unknown>[] = [];
    const guard = fakeGuard();
    const harness = consumerHarness({ handle: async (message) => void seen.push(message) }, { guard });

    // Act
    await harness.run([redriven("order-9001")]);

    // Assert
    expect(seen.map((m) => [m.dedupId, m.attributes])).toEqual([["order-9001", { tenant: "acme" }]]);
    expect(guard.begins[0]?.records.map((r) => r.dedupId)).toEqual(["order-9001"]);
    expect(harness.outcomeOf("m-redriven")).toMatchObject({ outcome: "processed", dedupId: "order-9001" });
  });

  it("goes to the dead-letter queue with the original id, and fifoq-dedup-id is forwarded", () => {
    // Arrange
    const record = redriven("order-9001");

    // Act
    const letter = toOutboundDeadLetter(record, toEnvelope(record, "orders"), new PermanentError("no"));

    // Assert
    expect(letter.dedupId).toBe("order-9001");
    expect(letter.messageAttributes[ORIGINAL_DEDUP_ID_ATTRIBUTE]?.stringValue).toBe("order-9001");
  });
});
