/**
 * End to end through the runtime: a claim request that failed but landed (review finding 4). Its records are
 * reported failed and wait the visibility timeout, not the short backoff: returning while this batch's lease
 * still holds their keys would only make them `busy` and burn a receive.
 */
import { describe, expect, it } from "vitest";
import { StoreUnavailableError } from "../../../functions/core/idempotency/errors";
import type { IdempotencyStore } from "../../../functions/core/idempotency/store-port";
import { sqsRecordFactory } from "../../factories/sqs";
import { harness } from "../idempotency/support";
import { consumerHarness, failedIds, recordingRetry } from "./fakes";

describe("consumer runtime: a claim request that failed but may have landed", () => {
  it("reports the records failed without a short backoff, and never runs them", async () => {
    // Arrange: the claim request lands, then its answer is lost
    const h = harness({ clock: Date.now });
    const landed: IdempotencyStore = {
      ...h.memory,
      claimAll: async (writes) => {
        await h.memory.claimAll(writes);
        throw new StoreUnavailableError("claim", "TimeoutError: no answer");
      },
    };
    const { retry, changes } = recordingRetry();
    const ran: string[] = [];
    const consumer = consumerHarness(
      { handle: async (message) => void ran.push(message.id) },
      { guard: h.guard(landed), retry },
    );
    const records = ["a1", "b1"].map((id, i) => sqsRecordFactory({ messageId: id, groupId: `G${i}` }));

    // Act
    const response = await consumer.run(records, { remainingMs: 30_000 });

    // Assert
    expect(failedIds(response)).toEqual(["a1", "b1"]);
    expect(ran).toEqual([]);
    expect(h.memory.claims.size).toBe(2);
    expect(changes).toEqual([]);
  });
});
