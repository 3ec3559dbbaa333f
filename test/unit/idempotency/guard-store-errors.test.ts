import { describe, expect, it } from "vitest";
import { StoreRejectedError, StoreUnavailableError } from "../../../functions/core/idempotency/errors";
import type { IdempotencyStore } from "../../../functions/core/idempotency/store-port";
import {
  BUDGET_MS,
  batchKey,
  deliver,
  GRACE_MS,
  guardRecords,
  harness,
  kinds,
  outcomeOf,
  T0,
} from "./support";

const throttled = new StoreUnavailableError("claim", "ThrottlingException: slow down");
const LEASE_END = T0 + BUDGET_MS + GRACE_MS;
const allSucceeded = (ids: readonly string[]) => ids.map((id) => outcomeOf(id, "succeeded"));

describe("idempotency guard: store failures", () => {
  it("makes every record unavailable when the claim request fails, runs nothing and seals its commit", async () => {
    const { memory, store, guard, at } = harness();
    store.failNext("claimAll", throttled);
    const { decisions, ran } = await deliver(guard(), at("b1", T0), guardRecords(3));
    expect([...decisions.values()]).toEqual(Array(3).fill({ kind: "unavailable", error: throttled }));
    expect(ran).toEqual([]);
    // The failed request may have landed: the seal releases whatever claims it left (unsure-claims.test.ts).
    expect(store.calls).toEqual(["claimAll", "commit"]);
    expect(memory.commits.get(batchKey("b1"))).toMatchObject({ doneSlots: [], final: true, aborted: false });
  });

  it("makes only the refused statement unavailable", async () => {
    const { memory, guard, at } = harness();
    const flaky: IdempotencyStore = {
      ...memory,
      claimAll: async (writes) =>
        (await memory.claimAll(writes)).map((r, i) =>
          i === 1 ? { kind: "unavailable", error: throttled } : r,
        ),
    };
    const { decisions } = await guard(flaky).begin(at("b1", T0), guardRecords(3));
    expect(kinds(decisions)).toEqual(["run", "unavailable", "run"]);
  });

  it.each(["readClaims", "readCommits", "takeOverAll"] as const)(
    "makes contested records unavailable when %s fails, and still runs the new ones",
    async (method) => {
      const { store, guard, at } = harness();
      const records = guardRecords(2);
      await deliver(guard(), at("b1", T0), records.slice(0, 1), () => "failed");
      store.failNext(method, throttled);
      const { decisions } = await guard().begin(at("b2", T0 + 1000), records);
      expect(kinds(decisions)).toEqual(["unavailable", "run"]);
    },
  );

  it("makes the records of a gone batch unavailable when its abort cannot be written", async () => {
    const { store, memory, guard, at } = harness();
    const records = guardRecords(2);
    await guard().begin(at("b1", T0), records);
    store.failNext("abort", throttled);
    const { decisions } = await guard().begin(at("b2", LEASE_END), records);
    expect(kinds(decisions)).toEqual(["unavailable", "unavailable"]);
    expect(memory.commits.has(batchKey("b1"))).toBe(false);
  });

  it("retries the commit within the deadline and records on the second attempt", async () => {
    const { store, sleeps, guard, at } = harness();
    store.failNext("commit", throttled);
    const { finished } = await deliver(guard(), at("b1", T0), guardRecords(2));
    expect([...finished.values()]).toEqual(["recorded", "recorded"]);
    expect(sleeps).toEqual([50]);
  });

  it("does not retry when the deadline is too close", async () => {
    const { store, sleeps, guard, at } = harness();
    store.failNext("commit", throttled);
    const { finished } = await deliver(guard(), at("b1", T0, 200), guardRecords(1));
    expect(finished.get("m-order-0")).toBe("unrecorded");
    expect(sleeps).toEqual([]);
  });

  it("does not retry a rejected commit (e.g. missing table)", async () => {
    const { store, sleeps, guard, at } = harness();
    store.failNext("commit", new StoreRejectedError("commit", "ResourceNotFoundException: no table"));
    const { finished } = await deliver(guard(), at("b1", T0), guardRecords(1));
    expect(finished.get("m-order-0")).toBe("unrecorded");
    expect(sleeps).toEqual([]);
  });

  it("reports an unwritten commit unrecorded, writes it at the next begin, and the redelivery is duplicate", async () => {
    // Given the store fails every commit attempt of a batch whose effects were applied
    const { store, memory, guard, at } = harness();
    const g = guard();
    const records = guardRecords(2);
    store.failNext("commit", throttled, 3);
    const first = await deliver(g, at("b1", T0), records);
    expect([...first.finished.values()]).toEqual(["unrecorded", "unrecorded"]);
    // When the same container begins its next batch, after the store is back
    await g.begin(at("b2", T0 + 5000), guardRecords(1, { prefix: "other" }));
    // Then the late commit lands, and the redelivery after the lease is duplicate, not run twice
    expect(memory.commits.get(batchKey("b1"))).toMatchObject({ doneSlots: [0, 1], final: true });
    const redelivered = await deliver(guard(), at("b3", LEASE_END + 60_000), records);
    expect(kinds(redelivered.decisions)).toEqual(["duplicate", "duplicate"]);
  });

  it("drops a late commit the redelivery already aborted, without overwriting it", async () => {
    const { store, memory, guard, at } = harness();
    const g = guard();
    const records = guardRecords(1);
    store.failNext("commit", throttled, 3);
    await deliver(g, at("b1", T0), records);
    await deliver(guard(), at("b2", LEASE_END), records);
    await g.begin(at("b3", LEASE_END + 1000), guardRecords(1, { prefix: "other" }));
    await g.begin(at("b4", LEASE_END + 2000), guardRecords(1, { prefix: "third" }));
    expect(memory.commits.get(batchKey("b1"))).toMatchObject({ doneSlots: [], aborted: true });
    // b1: 3 failed attempts; b2: its commit; b3: the late commit, refused and dropped; b4: none left.
    expect(store.calls.filter((call) => call === "commit")).toHaveLength(3 + 1 + 1);
    expect(store.calls.filter((call) => call === "abort")).toHaveLength(1);
  });

  it("treats an insert replayed by an SDK retry (the claim is already ours) as claimed", async () => {
    const { memory, guard, at } = harness();
    const replaying: IdempotencyStore = {
      ...memory,
      claimAll: async (writes) => {
        await memory.claimAll(writes);
        return memory.claimAll(writes);
      },
    };
    const { ran, finished } = await deliver(guard(replaying), at("b1", T0), guardRecords(2));
    expect(ran).toHaveLength(2);
    expect([...finished.values()]).toEqual(["recorded", "recorded"]);
  });

  it("treats a take-over or a commit replayed by an SDK retry as ours", async () => {
    const { memory, guard, at } = harness();
    const replaying: IdempotencyStore = {
      ...memory,
      takeOverAll: async (writes) => {
        await memory.takeOverAll(writes);
        return memory.takeOverAll(writes);
      },
      commit: async (key, write) => {
        await memory.commit(key, write);
        return memory.commit(key, write);
      },
    };
    const records = guardRecords(1);
    await deliver(guard(), at("b1", T0), records, () => "failed");
    const retry = await deliver(guard(replaying), at("b2", T0 + 1000), records);
    expect(retry.ran).toEqual(["m-order-0"]);
    expect(retry.finished.get("m-order-0")).toBe("recorded");
  });

  it("answers busy when a claim vanished between the insert and the read", async () => {
    const { memory, guard, at } = harness();
    const vanishing: IdempotencyStore = { ...memory, readClaims: async () => new Map() };
    await deliver(guard(), at("b1", T0), guardRecords(1));
    const { decisions } = await guard(vanishing).begin(at("b2", T0 + 1000), guardRecords(1));
    expect(kinds(decisions)).toEqual(["busy"]);
  });

  it("throws what is not a store error (a bug) instead of hiding it", async () => {
    const { store, guard, at } = harness();
    store.failNext("claimAll", new TypeError("bug"));
    await expect(guard().begin(at("b1", T0), guardRecords(1))).rejects.toThrow(TypeError);
  });

  it("records only what finish was told succeeded", async () => {
    const { guard, at } = harness();
    const session = await guard().begin(at("b1", T0), guardRecords(3));
    const finished = await session.finish(allSucceeded(["m-order-0", "m-order-2"]));
    expect([...finished]).toEqual([
      ["m-order-0", "recorded"],
      ["m-order-2", "recorded"],
    ]);
    const retry = await deliver(guard(), at("b2", T0 + 1000), guardRecords(3));
    expect(kinds(retry.decisions)).toEqual(["duplicate", "run", "duplicate"]);
  });
});
