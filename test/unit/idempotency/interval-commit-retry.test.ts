/**
 * A regression test (the bug is fixed): an interval commit that met a short throttle burst gives up after
 * `commitAttempts` (3 tries, ~150 ms) and is never tried again before the deadline unless another record
 * succeeds. The contract says a record that finished before the deadline is recorded as done before it, so that
 * a slow or timed-out sibling never makes it run twice.
 */
import { describe, expect, it, vi } from "vitest";
import { StoreUnavailableError } from "../../../functions/core/idempotency/errors";
import { advance, redeliverOn, useSessionClock } from "./session-clock";
import {
  BUDGET_MS,
  batchKey,
  guardBatch,
  guardRecords,
  harness,
  kinds,
  LEASE_END,
  MARGIN_MS,
} from "./support";

const throttled = new StoreUnavailableError("commit", "ThrottlingException: slow down");

describe("an interval commit is tried again after a transient failure", () => {
  useSessionClock();

  it("commits a record that finished at 0 s by deadline − margin even if its first interval write was throttled", async () => {
    // Arrange: record 0 succeeds at once; record 1 hangs until Lambda ends the invocation
    const h = harness({ clock: Date.now });
    const records = guardRecords(2);
    const session = await h.guard().begin(guardBatch("b1", Date.now()), records);
    h.store.failNext("commit", throttled, 3); // a 150 ms throttle burst at t = 1 s
    session.succeeded("m-order-0");

    // Act: 1 s (the throttled write), then up to just before the deadline; then the invocation times out
    await advance(1000);
    await advance(BUDGET_MS - MARGIN_MS - 1000 + 1);
    await advance(MARGIN_MS - 2);
    const commitBeforeDeadline = h.memory.commits.get(batchKey("b1"));
    await vi.setSystemTime(LEASE_END + 1);
    const redelivered = await redeliverOn(h.memory, records);

    // Assert: slot 0 durable before the deadline, and the redelivery does not run record 0 again
    expect(commitBeforeDeadline?.doneSlots ?? []).toContain(0);
    expect(kinds(redelivered)).toEqual(["duplicate", "run"]);
  });
});
