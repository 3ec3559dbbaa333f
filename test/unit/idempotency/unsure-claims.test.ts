/**
 * A claim request the SDK reported failed may still have landed (a timeout after DynamoDB applied it): the
 * batch then holds keys it never runs, until its lease ends. Such records are `unavailable` with
 * `claimMayBeHeld`, so they get no short retry backoff (retry-backoff.test.ts): a redelivery before the lease
 * ends would be `busy` and burn a receive; after the visibility timeout the claim is taken over at once.
 */
import { describe, expect, it } from "vitest";
import type { GuardDecision } from "../../../functions/core/consumer/idempotency-port";
import { StoreRejectedError, StoreUnavailableError } from "../../../functions/core/idempotency/errors";
import type { IdempotencyStore } from "../../../functions/core/idempotency/store-port";
import { BUDGET_MS, deliver, GRACE_MS, guardRecords, harness, kinds, T0 } from "./support";

const timedOut = new StoreUnavailableError("claim", "TimeoutError: no answer");
const LEASE_END = T0 + BUDGET_MS + GRACE_MS;

/** The store applies the call, then the caller hears `error` (the answer was lost). */
const landsThenFails = (
  memory: IdempotencyStore,
  method: "claimAll" | "takeOverAll",
  error: Error = timedOut,
): IdempotencyStore => ({
  ...memory,
  [method]: async (writes: never) => {
    await memory[method](writes);
    throw error;
  },
});

const flags = (decisions: ReadonlyMap<string, GuardDecision>) =>
  [...decisions.values()].map((d) => (d.kind === "unavailable" ? (d.claimMayBeHeld ?? false) : d.kind));

describe("idempotency guard: claim requests that failed but may have landed", () => {
  it("marks the records of a claim request that failed unanswered, and frees them once the lease is over", async () => {
    // Arrange
    const { memory, guard, at } = harness();
    const records = guardRecords(2);

    // Act
    const first = await guard(landsThenFails(memory, "claimAll")).begin(at("b1", T0), records);
    const early = await guard().begin(at("b2", T0 + 1000), records);
    const afterLease = await guard().begin(at("b3", LEASE_END), records);

    // Assert: held (busy) while b1's lease runs, taken over and run after it
    expect(flags(first.decisions)).toEqual([true, true]);
    expect(kinds(early.decisions)).toEqual(["busy", "busy"]);
    expect(kinds(afterLease.decisions)).toEqual(["run", "run"]);
  });

  it("does not mark a refused claim request, nor a refused statement: they wrote nothing", async () => {
    // Arrange
    const refused = new StoreRejectedError("claim", "ValidationException");
    const { memory, guard, at } = harness();
    const oneRefused: IdempotencyStore = {
      ...memory,
      claimAll: async (writes) => writes.map(() => ({ kind: "unavailable", error: timedOut })),
    };

    // Act
    const whole = await guard(landsThenFails(memory, "claimAll", refused)).begin(
      at("b1", T0),
      guardRecords(1),
    );
    const statement = await guard(oneRefused).begin(at("b2", T0), guardRecords(1, { prefix: "x" }));

    // Assert
    expect(flags(whole.decisions)).toEqual([false]);
    expect(flags(statement.decisions)).toEqual([false]);
  });

  it("marks the records of a take-over request that failed unanswered, not the ones it did not concern", async () => {
    // Arrange: m-order-0 failed in b0 (released); b1 takes it over (answer lost) and claims m-order-1 afresh
    const { memory, guard, at } = harness();
    const records = guardRecords(2);
    await deliver(guard(), at("b0", T0), records.slice(0, 1), () => "failed");

    // Act
    const { decisions } = await guard(landsThenFails(memory, "takeOverAll")).begin(
      at("b1", T0 + 1000),
      records,
    );

    // Assert
    expect(flags(decisions)).toEqual([true, "run"]);
  });
});
