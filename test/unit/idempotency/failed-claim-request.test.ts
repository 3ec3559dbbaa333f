/**
 * What a batch whose claim request failed must not break (a first fix, commit 2acb8e2, reverted, sealed the
 * commit of such a batch). These tests hold the fix now in place to it (no short backoff for a claim that may be held, unsure-claims.test.ts):
 * 1. a late commit that carries done slots is never pushed out of the bounded late list by slotless writes;
 * 2. a batch that cannot have left a claim (a refused statement, a failed read, a failed abort) writes nothing;
 * 3. begin never outlasts the invocation because of a write after a slow claim request.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { StoreUnavailableError } from "../../../functions/core/idempotency/errors";
import type { IdempotencyStore } from "../../../functions/core/idempotency/store-port";
import {
  BUDGET_MS,
  batchKey,
  deliver,
  GRACE_MS,
  guardBatch,
  guardRecords,
  harness,
  kinds,
  scripted,
  T0,
} from "./support";

const timedOut = new StoreUnavailableError("claim", "TimeoutError: no answer");
const LEASE_END = T0 + BUDGET_MS + GRACE_MS;

/** The store while DynamoDB is down: every claim and commit request fails. */
const withOutage = (memory: IdempotencyStore) => {
  const state = { down: false };
  const store: IdempotencyStore = {
    ...memory,
    claimAll: async (writes) => {
      if (state.down) throw timedOut;
      return memory.claimAll(writes);
    },
    commit: async (key, write) => {
      if (state.down) throw timedOut;
      return memory.commit(key, write);
    },
  };
  return { store, state };
};

describe("a batch whose claim request failed", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("keeps a late commit with done slots while 32 later batches of the container fail to claim", async () => {
    // Arrange: b1 ran m-order-0 (its effect is applied); DynamoDB goes down before b1's finish
    const { memory, guard, at } = harness();
    const { store, state } = withOutage(memory);
    const warm = guard(store);
    const records = guardRecords(1);
    const session = await warm.begin(at("b1", T0), records);
    state.down = true;
    const finished = await session.finish([{ messageId: "m-order-0", status: "succeeded" }]);

    // Act: the outage lasts 32 more batches on this container; then DynamoDB is back
    for (let i = 2; i <= 33; i += 1) {
      await warm.begin(at(`b${i}`, T0 + i * 1000), guardRecords(1, { prefix: `other${i}` }));
    }
    state.down = false;
    await warm.begin(at("b34", T0 + 34_000), guardRecords(1, { prefix: "after" }));
    const redelivery = await guard().begin(at("r1", LEASE_END + 40_000), records);

    // Assert: b1's late commit landed, so its record is not run a second time
    expect(finished.get("m-order-0")).toBe("unrecorded");
    expect(memory.commits.get(batchKey("b1"))?.doneSlots).toEqual([0]);
    expect(kinds(redelivery.decisions)).toEqual(["duplicate"]);
  });

  it.each([
    {
      failure: "every claim statement refused (DynamoDB applied none)",
      arrange: async (h: ReturnType<typeof harness>) =>
        scripted({
          ...h.memory,
          claimAll: async (writes) => writes.map(() => ({ kind: "unavailable", error: timedOut })),
        }),
    },
    {
      failure: "the read of an existing claim failed",
      arrange: async (h: ReturnType<typeof harness>) => {
        await deliver(h.guard(), h.at("b0", T0 - 1000), guardRecords(1), () => "failed");
        h.store.failNext("readClaims", timedOut);
        return h.store;
      },
    },
    {
      failure: "the abort of a gone holder failed",
      arrange: async (h: ReturnType<typeof harness>) => {
        await h.guard().begin(h.at("b0", T0 - BUDGET_MS - GRACE_MS), guardRecords(1));
        h.store.failNext("abort", timedOut);
        return h.store;
      },
    },
  ])("writes no seal when this batch cannot have left a claim: $failure", async ({ arrange }) => {
    // Arrange
    const h = harness();
    const store = await arrange(h);
    const before = store.calls.length;

    // Act
    const session = await h.guard(store).begin(h.at("b1", T0), guardRecords(1));

    // Assert: nothing of b1 was written, so there is nothing to release
    expect(kinds(session.decisions)).toEqual(["unavailable"]);
    expect(store.calls.slice(before)).not.toContain("commit");
  });

  it("does not hold begin past the deadline to seal when the claim request used up the budget", async () => {
    // Arrange: the claim request answers a timeout after 27.5 s (of 30); each commit request hangs 5 s
    vi.useFakeTimers({ now: T0, toFake: ["setTimeout", "clearTimeout", "Date"] });
    const { memory, guard } = harness({ clock: Date.now });
    const slow = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const hung: IdempotencyStore = {
      ...memory,
      claimAll: async () => {
        await slow(27_500);
        throw timedOut;
      },
      commit: async () => {
        await slow(5_000);
        throw timedOut;
      },
    };
    const batch = guardBatch("b1", T0);
    let answeredAt: number | undefined;

    // Act
    const begun = guard(hung)
      .begin(batch, guardRecords(1))
      .then(() => {
        answeredAt = Date.now();
      });
    await vi.advanceTimersByTimeAsync(60_000);
    await begun;

    // Assert: the runtime still has time to answer SQS (else every record waits the visibility timeout)
    expect(answeredAt).toBeLessThan(batch.deadlineMs);
  });
});
