import { describe, expect, it } from "vitest";
import { createIdempotencyGuard } from "../../../functions/core/idempotency/guard";
import { createInMemoryIdempotencyStore } from "../../support/in-memory-store";
import { createMemoryLogger } from "../../support/memory-logger";
import {
  BUDGET_MS,
  batchKey,
  deliver,
  GRACE_MS,
  guardRecords,
  harness,
  keyOf,
  kinds,
  outcomeOf,
  QUEUE,
  T0,
  WINDOW_S,
} from "./support";

describe("idempotency guard: happy path and duplicates", () => {
  it.each([10, 1])("claims and commits a batch of 10 in %i group(s) with 2 store calls", async (groups) => {
    // Arrange
    const { store, memory, guard, at } = harness();
    const records = guardRecords(10, { groups });
    // Act
    const { decisions, finished } = await deliver(guard(), at("b1", T0), records);
    // Assert
    expect(kinds(decisions)).toEqual(Array(10).fill("run"));
    expect([...finished.values()]).toEqual(Array(10).fill("recorded"));
    expect(store.calls).toEqual(["claimAll", "commit"]);
    expect(memory.commits.get(batchKey("b1"))).toMatchObject({
      doneSlots: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      final: true,
      aborted: false,
    });
  });

  it("gives each claim a lease at the deadline plus grace and a TTL at now + window", async () => {
    // Arrange
    const { memory, guard, at } = harness();
    const records = guardRecords(1);

    // Act
    await guard().begin(at("b1", T0), records);

    // Assert
    expect(memory.claims.get(keyOf({ groupId: "g0", dedupId: "order-0" }))).toEqual({
      batchId: "b1",
      slot: 0,
      messageId: "m-order-0",
      leaseUntilMs: T0 + BUDGET_MS + GRACE_MS,
      expiresAtS: T0 / 1000 + WINDOW_S,
      done: false,
      attempts: 1,
    });
  });

  it("keeps the commit at least as long as its claims, even when the lease outlasts the window", async () => {
    // Arrange: a 60 s window and a 900 s invocation budget
    const { memory, guard, at, clock } = harness({ windowSeconds: 60 });
    const g = guard();
    const session = await g.begin(at("b1", T0, 900_000), guardRecords(2));
    // Act: finish runs 5 s later
    clock.nowMs = T0 + 5000;
    await session.finish([]);
    // Assert: the claim lives until its lease and the commit no shorter
    const claim = memory.claims.get(keyOf({ groupId: "g0", dedupId: "order-0" }));
    const commit = memory.commits.get(batchKey("b1"));
    expect(claim?.expiresAtS).toBe(Math.ceil((T0 + 900_000 + GRACE_MS) / 1000));
    expect(commit?.expiresAtS).toBe(claim?.expiresAtS);
  });

  it("acknowledges a redelivered batch as duplicate without a claim or a commit", async () => {
    // Arrange: a batch applied and committed
    const { store, memory, guard, at } = harness();
    const records = guardRecords(10, { groups: 3 });
    await deliver(guard(), at("b1", T0), records);
    store.calls.length = 0;
    // Act: the same messages come again in another invocation
    const again = await deliver(guard(), at("b2", T0 + 60_000), records);
    // Assert: nothing runs, and the redelivery writes nothing in finish
    expect(kinds(again.decisions)).toEqual(Array(10).fill("duplicate"));
    expect(again.ran).toEqual([]);
    expect(store.calls).toEqual(["claimAll", "readClaims", "readCommits"]);
    expect(memory.commits.has(batchKey("b2"))).toBe(false);
  });

  it("treats a publish repeated after SQS's 5-minute window (new messageId) as duplicate", async () => {
    // Arrange: the message ran once, and is published again with a new messageId
    const { guard, at } = harness();
    await deliver(guard(), at("b1", T0), guardRecords(1));
    const republished = guardRecords(1, { messagePrefix: "new" });

    // Act
    const again = await deliver(guard(), at("b2", T0 + 10 * 60_000), republished);

    // Assert
    expect(again.decisions.get("new-order-0")).toEqual({ kind: "duplicate" });
  });

  it("runs a message again once the window is over", async () => {
    // Arrange
    const { guard, at } = harness();
    await deliver(guard(), at("b1", T0), guardRecords(1));

    // Act
    const later = await deliver(guard(), at("b2", T0 + WINDOW_S * 1000 + 1), guardRecords(1));

    // Assert
    expect(later.ran).toEqual(["m-order-0"]);
    expect(later.finished.get("m-order-0")).toBe("recorded");
  });

  it("decides a mixed batch: new records run, applied ones are duplicate", async () => {
    // Arrange
    const { guard, at } = harness();
    const records = guardRecords(4);
    await deliver(guard(), at("b1", T0), records.slice(0, 2));

    // Act
    const mixed = await deliver(guard(), at("b2", T0 + 1000), records);

    // Assert
    expect(kinds(mixed.decisions)).toEqual(["duplicate", "duplicate", "run", "run"]);
  });

  it("writes nothing in finish when begin claimed nothing", async () => {
    // Arrange: every record is already applied
    const { store, guard, at } = harness();
    const records = guardRecords(2);
    await deliver(guard(), at("b1", T0), records);
    store.calls.length = 0;

    // Act
    const session = await guard().begin(at("b2", T0 + 1000), records);
    const finished = await session.finish([]);

    // Assert
    expect(finished.size).toBe(0);
    expect(store.calls).not.toContain("commit");
  });

  it("reports a succeeded outcome it never claimed as unrecorded", async () => {
    // Arrange
    const { store, guard, at } = harness();

    // Act
    const session = await guard().begin(at("b9", T0), []);
    const finished = await session.finish([outcomeOf("m-x", "succeeded")]);

    // Assert
    expect(finished.get("m-x")).toBe("unrecorded");
    expect(store.calls).toEqual([]);
  });

  it.each([0, -5, 1.5])("refuses windowSeconds %s", (windowSeconds) => {
    // Arrange
    const options = {
      queue: QUEUE,
      scope: "messageGroup" as const,
      windowSeconds,
      logger: createMemoryLogger(),
    };

    // Act and assert
    expect(() => createIdempotencyGuard(createInMemoryIdempotencyStore(), options)).toThrow(
      new RegExp(`windowSeconds = ${windowSeconds} is not allowed`),
    );
  });
});
