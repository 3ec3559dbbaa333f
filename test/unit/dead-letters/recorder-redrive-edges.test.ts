import { describe, expect, it } from "vitest";
import { RedriveUncertainError } from "../../../functions/core/dead-letters/errors";
import { createDeadLetterRecorder } from "../../../functions/core/dead-letters/recorder";
import { redriveAll } from "../../../functions/core/dead-letters/redrive-all";
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

/** Dead-letter edges (issue 17): a lost claim-check payload, a redrive retried after the dedup window. */

const NOW = Date.parse("2026-03-02T00:00:00.000Z");
const MINUTE = 60_000;

/** A payload store whose objects are all gone (expired by the lifecycle rule, or deleted). */
const emptyPayloadStore: PayloadStore = {
  put: async () => undefined,
  get: async (key) => {
    throw new PayloadNotFoundError(`payload ${key} is not in the store`);
  },
};

describe("recorder and a claim-checked dead letter whose payload is gone", () => {
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
    expect(store.records.get("m-missing")).toMatchObject({
      dedupId: "order-1",
      rawBody: "",
      bodyTruncated: true,
    });
  });
});

describe("a redrive left `redriving` by a failed mark, retried after the dedup windows", () => {
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

describe("a dead letter left `redriving`: resent only within SQS's dedup window, or when forced", () => {
  const claimedAt = new Date(NOW).toISOString();
  const stuck = (id: string, groupId = "g") =>
    deadLetterRecordFactory({ id, groupId, status: "redriving", redriveClaimedAt: claimedAt });
  const depsAt = (nowMs: number, records: Parameters<typeof createMemoryDeadLetterStore>[0]) => {
    const store = createMemoryDeadLetterStore(records);
    const sender = createMemoryRedriveSender();
    return { store, sender, deps: { store, sender, logger: createMemoryLogger(), now: () => nowMs } };
  };

  it("resends it when its claim is younger than the 5-minute window (SQS drops a repeat)", async () => {
    // Arrange
    const { sender, deps } = depsAt(NOW + 4 * MINUTE, [stuck("m-1")]);

    // Act
    const result = await redriveOne({ queue: "orders", id: "m-1" }, deps);

    // Assert
    expect(result).toMatchObject({ status: "redriven", sent: true });
    expect(sender.sent).toHaveLength(1);
  });

  it("answers REDRIVE_UNCERTAIN (409) past the window, and sends only when forced", async () => {
    // Arrange
    const { sender, deps } = depsAt(NOW + 5 * MINUTE, [stuck("m-1")]);

    // Act
    const refused = await redriveOne({ queue: "orders", id: "m-1" }, deps).catch((error: unknown) => error);
    const forced = await redriveOne({ queue: "orders", id: "m-1", force: true }, deps);

    // Assert
    expect(refused).toBeInstanceOf(RedriveUncertainError);
    expect(refused).toMatchObject({ code: "REDRIVE_UNCERTAIN", status: 409 });
    expect(forced).toMatchObject({ status: "redriven", sent: true });
    expect(sender.sent).toHaveLength(1);
  });

  it("redrive-all skips and reports it, and holds the rest of its group, never resending it", async () => {
    // Arrange
    const first = stuck("m-1");
    const later = deadLetterRecordFactory({ id: "m-2", groupId: "g" });
    const other = deadLetterRecordFactory({ id: "o-1", groupId: "other" });
    const { store, sender, deps } = depsAt(NOW + 60 * MINUTE, [first, later, other]);

    // Act
    const result = await redriveAll({ queue: "orders" }, deps);

    // Assert
    expect(result).toEqual({ redriven: 1, failed: 1, more: false, uncertain: ["m-1"] });
    expect(sender.sent.map((message) => message.id)).toEqual(["o-1"]);
    expect(store.records.get("m-1")?.status).toBe("redriving");
    expect(store.records.get("m-2")?.status).toBe("new");
  });
});
