/**
 * A claim write the SDK reported failed may still have landed (a timeout after DynamoDB applied it). Its
 * claims belong to a batch that never runs them; unless that batch seals its commit, every redelivery before
 * the lease ends is `busy` and burns a receive (enough of them dead-letter a message that never ran).
 */
import { describe, expect, it } from "vitest";
import { StoreUnavailableError } from "../../../functions/core/idempotency/errors";
import type { IdempotencyStore } from "../../../functions/core/idempotency/store-port";
import { batchKey, deliver, guardRecords, harness, kinds, T0 } from "./support";

const timedOut = new StoreUnavailableError("claim", "TimeoutError: no answer");

/** The store applies the call, then the caller hears a failure (the answer was lost). */
const landsThenFails = (memory: IdempotencyStore, method: "claimAll" | "takeOverAll"): IdempotencyStore => ({
  ...memory,
  [method]: async (writes: never) => {
    await memory[method](writes);
    throw timedOut;
  },
});

describe("idempotency guard: claims that landed although the request failed", () => {
  it("releases them at begin, so the next delivery runs at once instead of being busy", async () => {
    // Arrange
    const { memory, guard, at } = harness();
    const records = guardRecords(2);

    // Act
    const first = await guard(landsThenFails(memory, "claimAll")).begin(at("b1", T0), records);
    const redelivery = await guard().begin(at("b2", T0 + 1000), records);

    // Assert
    expect(kinds(first.decisions)).toEqual(["unavailable", "unavailable"]);
    expect(memory.commits.get(batchKey("b1"))).toMatchObject({ doneSlots: [], final: true });
    expect(kinds(redelivery.decisions)).toEqual(["run", "run"]);
  });

  it("releases a take-over that landed unheard at finish, even when every record that ran is committed", async () => {
    // Arrange: m-order-0 failed in b1 (released); b2 takes it over (answer lost) and claims m-order-1
    const { memory, guard, at } = harness({ commitIntervalMs: 0 });
    const records = guardRecords(2);
    await deliver(guard(), at("b1", T0), records.slice(0, 1), () => "failed");

    // Act: m-order-1 succeeds and its interval commit lands before finish
    const session = await guard(landsThenFails(memory, "takeOverAll")).begin(at("b2", T0 + 1000), records);
    session.succeeded("m-order-1");
    await new Promise((resolve) => setTimeout(resolve, 20));
    await session.finish([{ messageId: "m-order-1", status: "succeeded" }]);
    const third = await guard().begin(at("b3", T0 + 2000), records);

    // Assert: m-order-1 is done; m-order-0, never run, is free to run
    expect(kinds(session.decisions)).toEqual(["unavailable", "run"]);
    expect(memory.commits.get(batchKey("b2"))).toMatchObject({ doneSlots: [1], final: true });
    expect(kinds(third.decisions)).toEqual(["run", "duplicate"]);
  });

  it("writes a seal that could not be written at the next begin of the same guard", async () => {
    // Arrange
    const { memory, store, guard, at } = harness();
    const records = guardRecords(1);
    const flaky = landsThenFails(store, "claimAll");
    store.failNext("commit", timedOut, 3);
    const warm = guard(flaky);

    // Act
    await warm.begin(at("b1", T0), records);
    const unsealed = memory.commits.has(batchKey("b1"));
    await warm.begin(at("b2", T0 + 1000), guardRecords(1, { prefix: "other" }));

    // Assert
    expect(unsealed).toBe(false);
    expect(memory.commits.get(batchKey("b1"))).toMatchObject({ doneSlots: [], final: true });
  });

  it("seals with a TTL no shorter than the claims it may have left (a window shorter than the lease)", async () => {
    // Arrange
    const { memory, guard, at } = harness({ windowSeconds: 1 });

    // Act
    await guard(landsThenFails(memory, "claimAll")).begin(at("b1", T0), guardRecords(2));

    // Assert
    const seal = memory.commits.get(batchKey("b1"));
    const claimTtls = [...memory.claims.values()].map((claim) => claim.expiresAtS);
    expect(seal?.expiresAtS).toBeGreaterThanOrEqual(Math.max(...claimTtls));
  });
});
