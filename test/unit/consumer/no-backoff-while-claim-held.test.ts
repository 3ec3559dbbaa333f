/**
 * A regression test (the bug is fixed): the retry backoff was set for a
 * record whose claim the batch still HELD. When the last commit could not be written (throttled), the
 * processed record was reported failed (`CompletionUnrecordedError`) with the 1 s backoff, while nothing
 * released its claim (no `fin`) and the lease ran to the deadline + 2 s: its redelivery 1 s later was `busy`
 * (a burnt receive), and after the lease the record was taken over and its effect applied a second time.
 */
import { describe, expect, it } from "vitest";
import { StoreUnavailableError } from "../../../functions/core/idempotency/errors";
import { sqsRecordFactory } from "../../factories/sqs";
import { guardBatch, harness } from "../idempotency/support";
import { consumerHarness, recordingRetry } from "./fakes";

describe("no retry backoff for a record whose claim the batch still holds", () => {
  it("does not bring a record back (with backoff) while its claim is still held by the batch", async () => {
    // Arrange: the batch commit is throttled on every attempt
    const h = harness({ clock: Date.now });
    h.store.failNext("commit", new StoreUnavailableError("commit", "ThrottlingException"), 20);
    const { retry, changes } = recordingRetry();
    const consumer = consumerHarness({ handle: async () => undefined }, { guard: h.guard(), retry });
    const a1 = sqsRecordFactory({ messageId: "a1", groupId: "A", dedupId: "dedup-a1" });

    // Act: the batch, then the redelivery when the backoff it set ends
    await consumer.run([a1], { remainingMs: 30_000 });
    const backoff = changes.find((c) => c.messageId === "a1");
    const later = harness({ clock: () => Date.now() + (backoff?.seconds ?? 0) * 1000 });
    const session = await later
      .guard(h.memory)
      .begin(guardBatch("redelivery", Date.now() + (backoff?.seconds ?? 0) * 1000), [
        { messageId: "a1-again", dedupId: "dedup-a1", groupId: "A", positionInGroup: 0, attempt: 2 },
      ]);

    // Assert: either no early return was scheduled, or the record is not busy when it returns
    expect(backoff === undefined || session.decisions.get("a1-again")?.kind !== "busy").toBe(true);
  });
});
