import { describe, expect, it } from "vitest";
import { StoreUnavailableError } from "../../../functions/core/idempotency/errors";
import { deliver, guardRecords, harness, kinds, LEASE_END, T0 } from "./support";

const throttled = new StoreUnavailableError("abort", "ThrottlingException: slow down");

describe("a redelivery whose abort of a gone batch fails", () => {
  /** b0 finished `done`; b1 claimed `gone` at T0 and never finished (its lease ends at LEASE_END). */
  const contested = async () => {
    const h = harness();
    const gone = guardRecords(1, { prefix: "gone" });
    const done = guardRecords(1, { prefix: "done" });
    await deliver(h.guard(), h.at("b0", T0), done);
    await h.guard().begin(h.at("b1", T0), gone);
    return { ...h, records: [...gone, ...done] };
  };

  it("makes only the gone batch's record unavailable; a record done elsewhere stays duplicate", async () => {
    // Arrange
    const { store, guard, at, records } = await contested();
    store.failNext("abort", throttled);

    // Act
    const { decisions } = await guard().begin(at("b2", LEASE_END), records);

    // Assert
    expect(kinds(decisions)).toEqual(["unavailable", "duplicate"]);
  });

  it("throws on an abort failure that is not a store error (a bug)", async () => {
    // Arrange
    const { store, guard, at, records } = await contested();
    const bug = new TypeError("bug");
    store.failNext("abort", bug);

    // Act
    const beginning = guard().begin(at("b2", LEASE_END), records);

    // Assert
    await expect(beginning).rejects.toBe(bug);
  });
});
