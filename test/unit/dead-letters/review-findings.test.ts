import { describe, expect, it } from "vitest";
import { createDeadLetterRecorder } from "../../../functions/core/dead-letters/recorder";
import { redriveOne } from "../../../functions/core/dead-letters/redrive-one";
import type { DeadLetterStore } from "../../../functions/core/dead-letters/store";
import { wrapBody } from "../../../functions/core/payloads/carrier";
import { PayloadNotFoundError, type PayloadStore } from "../../../functions/core/payloads/payload-store";
import {
  createMemoryDeadLetterStore,
  createMemoryRedriveSender,
  deadLetterRecordFactory,
  dlqRecordFactory,
} from "../../factories/dead-letters";
import { sqsEventFactory } from "../../factories/sqs";
import { createMemoryLogger } from "../../support/memory-logger";

/** Review of the dead-letter rework (issue 17): regression tests for what the review found. */

const NOW = Date.parse("2026-03-02T00:00:00.000Z");
const MINUTE = 60_000;

/** A payload store whose objects are all gone (expired by the lifecycle rule, or deleted). */
const emptyPayloadStore: PayloadStore = {
  put: async () => undefined,
  get: async (key) => {
    throw new PayloadNotFoundError(`payload ${key} is not in the store`);
  },
};

describe("review: recorder and a claim-checked dead letter whose payload is gone", () => {
  it("still records the next dead letter of the same group (one record never blocks its group forever)", async () => {
    // Arrange
    const store = createMemoryDeadLetterStore();
    const recorder = createDeadLetterRecorder({
      store,
      failureLog: { record: async () => undefined, lookup: async () => undefined },
      logger: createMemoryLogger(),
      payloads: emptyPayloadStore,
      now: () => NOW,
    });
    const carrier = wrapBody({ dedupId: "order-1", payload: "messages/orders/fifoq-redrive-gone" }, "");
    const missing = dlqRecordFactory({ messageId: "m-missing", groupId: "g", rawBody: carrier });
    const ordinary = dlqRecordFactory({ messageId: "m-next", groupId: "g", body: { n: 2 } });

    // Act: SQS delivers the same head of the group again and again (3 visibility timeouts shown here).
    for (let delivery = 0; delivery < 3; delivery += 1) {
      await recorder(sqsEventFactory([missing, ordinary]));
    }

    // Assert: the later dead letter is listed, and the head is recorded some way (not retried forever).
    expect(store.records.has("m-next")).toBe(true);
    expect(store.records.has("m-missing")).toBe(true);
  });
});

describe("review: a redrive left `redriving` by a failed mark, retried after the dedup windows", () => {
  it("does not send the message a second time once SQS's 5-minute dedup window is over", async () => {
    // Arrange: the first redrive sends, then its mark fails (DynamoDB throttled, Lambda timed out).
    const memory = createMemoryDeadLetterStore([deadLetterRecordFactory({ id: "m-1", dedupId: "order-1" })]);
    let markFails = true;
    const store: DeadLetterStore = {
      ...memory,
      markRedriven: async (queue, id, change) => {
        if (markFails) throw new Error("ProvisionedThroughputExceededException");
        return memory.markRedriven(queue, id, change);
      },
    };
    const sender = createMemoryRedriveSender();
    let now = NOW;
    const deps = { store, sender, logger: createMemoryLogger(), now: () => now };
    await expect(redriveOne({ queue: "orders", id: "m-1" }, deps)).rejects.toThrow();
    markFails = false;

    // Act: the operator (or redrive-all, which takes `redriving` records first) retries two days later,
    // past SQS's 5-minute dedup and past the consumer's default 24 h idempotency window.
    now = NOW + 2 * 24 * 60 * MINUTE;
    await redriveOne({ queue: "orders", id: "m-1" }, deps).catch(() => undefined);

    // Assert: the message that already ran must not be sent again blindly.
    expect(sender.sent).toHaveLength(1);
  });
});
