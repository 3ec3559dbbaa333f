import { describe, expect, it, vi } from "vitest";
import type { GuardRecord, GuardSession } from "../../../functions/core/consumer/idempotency-port";
import type { StagedWrite } from "../../../functions/core/consumer/transaction";
import { StoreUnavailableError } from "../../../functions/core/idempotency/errors";
import { advance, redeliverOn, useSessionClock } from "./session-clock";
import {
  allSucceeded,
  BUDGET_MS,
  batchKey,
  deliver,
  guardBatch,
  guardRecords,
  type HarnessOptions,
  harness,
  keyOf,
  kinds,
  LEASE_END,
  MARGIN_MS,
  outcomeOf,
  T0,
} from "./support";

const put = (pk: string): StagedWrite => ({ Put: { TableName: "ledger", Item: { pk: { S: pk } } } });
const throttled = new StoreUnavailableError("transaction", "ThrottlingException: slow down");

/** A harness whose guards follow the fake clock, and a session opened on it now. */
const setup = async (options: HarnessOptions = {}, records: readonly GuardRecord[] = guardRecords(3)) => {
  const h = harness({ clock: Date.now, ...options });
  const session = await h.guard().begin(guardBatch("b1", Date.now()), records);
  return { ...h, records, session };
};

/** Tells the session each record succeeded at its time (ms after it began, in order), moving the clock to it. */
const succeedAt = async (session: GuardSession, times: Readonly<Record<string, number>>) => {
  let now = 0;
  for (const [messageId, at] of Object.entries(times)) {
    if (at > now) await advance(at - now);
    now = at;
    session.succeeded(messageId);
  }
};

describe("commit session: a record is committed while its siblings still run", () => {
  useSessionClock();

  it("commits a succeeded record when the interval has passed, before the batch ends", async () => {
    // Arrange: a batch of 3 whose first record succeeded
    const { store, memory, session, records } = await setup();
    session.succeeded("m-order-0");
    // Act: 999 ms, then 1000 ms have passed
    await advance(999);
    const before = [...store.calls];
    await advance(1);
    // Assert: it is committed at 1000 ms, not sealed; a redelivery meanwhile sees it done, the others held
    expect(before).toEqual(["claimAll"]);
    expect(store.calls).toEqual(["claimAll", "commit"]);
    expect(memory.commits.get(batchKey("b1"))).toMatchObject({
      doneSlots: [0],
      final: false,
      aborted: false,
    });
    const meanwhile = await redeliverOn(memory, records);
    expect(kinds(meanwhile)).toEqual(["duplicate", "busy", "busy"]);
  });

  it("writes one commit for a batch that finishes within the interval", async () => {
    // Arrange: records that succeed at 0, 400 and 900 ms
    const { store, memory, session, records } = await setup();
    await succeedAt(session, { "m-order-0": 0, "m-order-1": 400, "m-order-2": 900 });
    // Act: the batch finishes at 950 ms
    await advance(50);
    const finished = await session.finish(allSucceeded(records));
    await advance(5000);
    // Assert: claim + one commit, sealed
    expect([...finished.values()]).toEqual(["recorded", "recorded", "recorded"]);
    expect(store.calls).toEqual(["claimAll", "commit"]);
    expect(memory.commits.get(batchKey("b1"))).toMatchObject({ doneSlots: [0, 1, 2], final: true });
  });

  it("carries every record that succeeded since the last write in the next one, one write at a time", async () => {
    // Arrange: successes at 0 and 500 ms, then at 1200 ms
    const { store, memory, session, records } = await setup();
    await succeedAt(session, { "m-order-0": 0, "m-order-1": 500 });
    await advance(700);
    const afterFirst = memory.commits.get(batchKey("b1"))?.doneSlots;
    session.succeeded("m-order-2");
    // Act: the next interval passes and the batch finishes
    await advance(1000);
    await session.finish(allSucceeded(records));
    // Assert: two interval writes ([0, 1] at 1000 ms, [2] at 2200 ms), and no final write: nothing was left
    expect(afterFirst).toEqual([0, 1]);
    expect(store.calls).toEqual(["claimAll", "commit", "commit"]);
    expect(memory.commits.get(batchKey("b1"))).toMatchObject({ doneSlots: [0, 1, 2], final: false });
  });

  it("keeps a record that succeeds while a write is in flight for the next write", async () => {
    // Arrange: a write in flight when the second record succeeds
    const { store, memory, session } = await setup();
    session.succeeded("m-order-0");
    store.before("commit", async () => {
      session.succeeded("m-order-1");
    });
    await advance(1000);
    // Act: the next interval passes (the batch has not finished)
    await advance(1000);
    // Assert: the second record was committed by its own interval
    expect(store.calls).toEqual(["claimAll", "commit", "commit"]);
    expect(memory.commits.get(batchKey("b1"))?.doneSlots).toEqual([0, 1]);
  });

  it("commits by the deadline minus the margin, however long the interval", async () => {
    // Arrange: a 60 s interval and a record that succeeds 20 s into a 30 s budget
    const { store, session } = await setup({ commitIntervalMs: 60_000 });
    await advance(20_000);
    session.succeeded("m-order-0");
    // Act: time reaches the deadline minus the margin
    await advance(BUDGET_MS - MARGIN_MS - 20_000 - 1);
    const before = store.calls.length;
    await advance(1);
    // Assert: it is committed then, before the deadline
    expect(before).toBe(1);
    expect(store.calls).toEqual(["claimAll", "commit"]);
    expect(Date.now()).toBeLessThan(T0 + BUDGET_MS);
  });

  it("commits at once a record that succeeds inside the margin", async () => {
    // Arrange
    const { store, session } = await setup();
    await advance(BUDGET_MS - MARGIN_MS + 500);

    // Act: the record succeeds inside the margin
    session.succeeded("m-order-0");
    await advance(0);

    // Assert
    expect(store.calls).toEqual(["claimAll", "commit"]);
  });

  it("keeps what was committed before a taker-over's abort and refuses what comes after", async () => {
    // Arrange: an owner that committed its first record, then stalled past its lease
    const { memory, session, records } = await setup({}, guardRecords(2));
    session.succeeded("m-order-0");
    await advance(1000);
    await vi.setSystemTime(LEASE_END);
    // Act: a redelivery takes the batch over, and only then the owner finishes its second record
    const taker = await redeliverOn(memory, records);
    const late = await session.finish(allSucceeded(records));
    // Assert: the first is done exactly once (duplicate for the taker), the second belongs to the taker alone
    expect(kinds(taker)).toEqual(["duplicate", "run"]);
    expect([...late.values()]).toEqual(["recorded", "unrecorded"]);
    expect(memory.commits.get(batchKey("b1"))).toMatchObject({ doneSlots: [0], aborted: true });
  });
});

describe("commit session: a record with staged writes commits alone, in one transaction", () => {
  useSessionClock();

  it("applies the writes with the claim marked done; the batch needs no commit; a redelivery is duplicate", async () => {
    // Arrange
    const { store, memory, session, records } = await setup({}, guardRecords(1));
    // Act
    const result = await session.commitWith("m-order-0", [put("x"), put("y")]);
    const finished = await session.finish([outcomeOf("m-order-0", "succeeded")]);
    // Assert
    expect(result).toEqual({ kind: "recorded" });
    expect(finished.get("m-order-0")).toBe("recorded");
    expect(memory.applied.map((t) => t.writes)).toEqual([[put("x"), put("y")]]);
    expect(memory.claims.get(keyOf({ groupId: "g0", dedupId: "order-0" }))?.done).toBe(true);
    expect(store.calls).toEqual(["claimAll", "commitRecord"]);
    const again = await redeliverOn(memory, records);
    expect(kinds(again)).toEqual(["duplicate"]);
  });

  it("applies nothing when the claim was taken over first", async () => {
    // Arrange: an owner past its lease, taken over by a redelivery
    const { memory, session, records } = await setup({}, guardRecords(1));
    const [record] = records;
    if (!record) throw new Error("no record");
    await vi.setSystemTime(LEASE_END);
    const taker = await redeliverOn(memory, records);
    // Act: the owner's transaction comes: refused by the session after its deadline, and by the store
    // (the claim is no longer the owner's) if a host whose clock lags sent it anyway
    const result = await session.commitWith("m-order-0", [put("x")]);
    const direct = await memory.commitRecord({
      key: keyOf(record),
      batchId: "b1",
      atMs: 1,
      writes: [put("x")],
    });
    // Assert: nothing of it is applied; the taker runs the record
    expect(kinds(taker)).toEqual(["run"]);
    expect(result.kind).toBe("unrecorded");
    expect(direct).toEqual({ kind: "lost" });
    expect(memory.applied).toEqual([]);
  });

  it("fails only that record when a staged condition fails, applies nothing, and releases it", async () => {
    // Arrange
    const { memory, session, records } = await setup({}, guardRecords(1));
    memory.failConditionOnce(1);
    // Act
    const result = await session.commitWith("m-order-0", [put("x"), put("y")]);
    await session.finish([outcomeOf("m-order-0", "failed")]);
    // Assert: the retry runs it again
    expect(result).toEqual({ kind: "condition-failed", index: 1 });
    expect(memory.applied).toEqual([]);
    const retry = await redeliverOn(memory, records);
    expect(kinds(retry)).toEqual(["run"]);
  });

  it("retries a transaction the store could not answer, as the same request", async () => {
    // Arrange
    const { store, memory, sleeps, session } = await setup({}, guardRecords(1));
    store.failNext("commitRecord", throttled);

    // Act
    const result = await session.commitWith("m-order-0", [put("x")]);

    // Assert
    expect(result).toEqual({ kind: "recorded" });
    expect(sleeps).toEqual([50]);
    expect(memory.applied).toHaveLength(1);
  });

  it("sends no transaction once the invocation's deadline has passed", async () => {
    // Arrange
    const { store, memory, session } = await setup({}, guardRecords(1));
    await vi.setSystemTime(T0 + BUDGET_MS);

    // Act
    const result = await session.commitWith("m-order-0", [put("x")]);

    // Assert
    expect(result.kind).toBe("unrecorded");
    expect(store.calls).toEqual(["claimAll"]);
    expect(memory.applied).toEqual([]);
  });

  it("lets exactly one of a late owner's transaction and a taker-over win, even between judge and take-over", async () => {
    // Arrange: an owner past its lease whose transaction lands after the taker judged the claim released
    const { store, memory, records } = await setup({}, guardRecords(1));
    const [record] = records;
    if (!record) throw new Error("no record");
    await vi.setSystemTime(LEASE_END);
    let owner: unknown;
    store.before("takeOverAll", async () => {
      owner = await memory.commitRecord({ key: keyOf(record), batchId: "b1", atMs: 1, writes: [put("x")] });
    });
    // Act: the taker goes on with its take-over
    const taker = await deliver(
      harness({ clock: Date.now }).guard(store),
      guardBatch("b2", Date.now()),
      records,
    );
    // Assert: the owner's transaction won: the taker acknowledges it as duplicate and applies nothing
    expect(owner).toEqual({ kind: "committed" });
    expect(kinds(taker.decisions)).toEqual(["duplicate"]);
    expect(memory.applied).toHaveLength(1);
    expect(memory.claims.get(keyOf(record))?.batchId).toBe("b1");
  });
});
