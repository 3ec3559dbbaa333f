/**
 * The commit session's bounds: one interval timer, none left after `finish`, nothing written once sealed, the
 * retry schedule and its deadline, what `commitWith` answers on a store failure, and the late-commit list
 * (expiry, size, bugs thrown on).
 */
import { describe, expect, it, vi } from "vitest";
import type { GuardSession } from "../../../functions/core/consumer/idempotency-port";
import type { StagedWrite } from "../../../functions/core/consumer/transaction";
import { createLateCommits } from "../../../functions/core/idempotency/commit-session";
import { StoreRejectedError, StoreUnavailableError } from "../../../functions/core/idempotency/errors";
import type { IdempotencyStore, ProtocolDeps } from "../../../functions/core/idempotency/store-port";
import { createInMemoryIdempotencyStore } from "../../support/in-memory-store";
import { createMemoryLogger } from "../../support/memory-logger";
import { advance, useSessionClock } from "./session-clock";
import {
  allSucceeded,
  BUDGET_MS,
  guardBatch,
  guardRecords,
  harness,
  MARGIN_MS,
  outcomeOf,
  scripted,
} from "./support";

const put: StagedWrite = { Put: { TableName: "ledger", Item: { pk: { S: "p" } } } };
const throttled = new StoreUnavailableError("commit", "ThrottlingException: slow down");
const commitsOf = (calls: readonly string[]) => calls.filter((call) => call === "commit").length;

/** A session of `count` records on the fake clock, its guard over `wrap(store)`. */
const open = async (count: number, wrap: (store: IdempotencyStore) => IdempotencyStore = (s) => s) => {
  const h = harness({ clock: Date.now });
  const records = guardRecords(count);
  const session: GuardSession = await h.guard(wrap(h.store)).begin(guardBatch("b1", Date.now()), records);
  return { ...h, records, session };
};

describe("commit session: timers", () => {
  useSessionClock();

  it("arms one timer at a time: a success while it runs waits for it, a later one arms the next", async () => {
    // Arrange
    const { store, session } = await open(3);

    // Act: successes at 0, 500 and 1200 ms
    session.succeeded("m-order-0");
    await advance(500);
    session.succeeded("m-order-1");
    await advance(700);
    session.succeeded("m-order-2");
    await advance(300);
    const at1500 = commitsOf(store.calls);
    await advance(700);

    // Assert: one write at 1000 ms (slots 0 and 1), the next at 2200 ms, none at 1500 ms
    expect(at1500).toBe(1);
    expect(commitsOf(store.calls)).toBe(2);
  });

  it("ignores a success of a record the batch did not claim", async () => {
    // Arrange
    const { store, session } = await open(1);

    // Act
    session.succeeded("not-in-this-batch");
    await advance(5000);

    // Assert
    expect(store.calls).toEqual(["claimAll"]);
  });

  it("leaves no timer behind once finish has begun", async () => {
    // Arrange: a success whose interval write is still ahead
    const { session, records } = await open(1);
    session.succeeded("m-order-0");

    // Act
    await session.finish(allSucceeded(records));

    // Assert
    expect(vi.getTimerCount()).toBe(0);
  });

  it("arms no timer when an interval write that was in flight as finish began gives up", async () => {
    // Arrange: the interval write at 1 s waits on the store, then fails all its attempts
    const { store, session, records } = await open(1);
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    store.before("commit", () => held);
    store.failNext("commit", throttled, 3);
    session.succeeded("m-order-0");
    await advance(1000);

    // Act: finish begins while that write is in flight; then the write gives up
    const finishing = session.finish(allSucceeded(records));
    release();
    const finished = await finishing;

    // Assert: the final write recorded it, and no timer outlives the invocation
    expect(finished.get("m-order-0")).toBe("recorded");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("writes nothing after a taker-over's abort sealed the commit", async () => {
    // Arrange: every commit write meets an abort
    const { store, session } = await open(2, (inner) => ({
      ...inner,
      commit: async (key, write) => {
        await inner.commit(key, write);
        return { kind: "aborted", current: { doneSlots: [], final: false, aborted: true, expiresAtS: 0 } };
      },
    }));
    session.succeeded("m-order-0");
    await advance(1000);

    // Act: record 1 failed, so finish would have a release to write
    const finished = await session.finish([
      outcomeOf("m-order-0", "succeeded"),
      outcomeOf("m-order-1", "failed"),
    ]);

    // Assert
    expect(commitsOf(store.calls)).toBe(1);
    expect(finished.get("m-order-0")).toBe("unrecorded");
  });
});

describe("commit session: retries", () => {
  useSessionClock();

  it("waits 50 ms, then 100 ms between the attempts of a write", async () => {
    // Arrange
    const { store, sleeps, session, records } = await open(1);
    store.failNext("commit", throttled, 2);

    // Act
    const finished = await session.finish(allSucceeded(records));

    // Assert
    expect(sleeps).toEqual([50, 100]);
    expect(finished.get("m-order-0")).toBe("recorded");
  });

  it("gives up when the next attempt would end within 250 ms of the deadline", async () => {
    // Arrange: finish 300 ms before the deadline; 50 ms of backoff + 250 ms reserve reach it
    const { store, session, records } = await open(1);
    store.failNext("commit", throttled, 3);
    await advance(BUDGET_MS - 300);

    // Act
    const finished = await session.finish(allSucceeded(records));

    // Assert
    expect(commitsOf(store.calls)).toBe(1);
    expect(finished.get("m-order-0")).toBe("unrecorded");
  });

  it("does not try an interval write again once commitBy has passed", async () => {
    // Arrange: every commit write is throttled; the record succeeds 10 ms before commitBy
    let attempts = 0;
    const { session } = await open(2, (inner) => ({
      ...inner,
      commit: async () => {
        attempts += 1;
        throw throttled;
      },
    }));
    await advance(BUDGET_MS - MARGIN_MS - 10);
    session.succeeded("m-order-0");

    // Act
    await advance(1000);

    // Assert: the one interval write and its 3 attempts, nothing after
    expect(attempts).toBe(3);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("throws on what is not a store error (a bug), from a commit and from a transaction", async () => {
    // Arrange
    const bug = new TypeError("undefined is not a function");
    const { store, session, records } = await open(2);
    store.failNext("commitRecord", bug);
    store.failNext("commit", bug);

    // Act and assert
    await expect(session.commitWith("m-order-1", [put])).rejects.toBe(bug);
    await expect(session.finish(allSucceeded(records))).rejects.toBe(bug);
  });
});

describe("commit session: what commitWith answers", () => {
  useSessionClock();

  it("answers unrecorded with the store's error when the store refused the transaction", async () => {
    // Arrange
    const refused = new StoreRejectedError("transaction", "AccessDeniedException");
    const { store, session } = await open(1);
    store.failNext("commitRecord", refused);

    // Act
    const result = await session.commitWith("m-order-0", [put]);

    // Assert
    expect(result).toEqual({ kind: "unrecorded", error: refused });
  });

  it("answers unrecorded when the claim was taken over", async () => {
    // Arrange
    const { session } = await open(1, (inner) => ({
      ...inner,
      commitRecord: async () => ({ kind: "lost" }),
    }));

    // Act
    const result = await session.commitWith("m-order-0", [put]);

    // Assert
    expect(result.kind).toBe("unrecorded");
    expect(result.kind === "unrecorded" && result.error).toBeInstanceOf(StoreRejectedError);
    expect(result.kind === "unrecorded" && result.error.message).toMatch(/taken over; nothing applied/);
  });

  it("answers unrecorded, naming why, for a record it did not claim", async () => {
    // Arrange
    const { store, session } = await open(1);

    // Act
    const result = await session.commitWith("not-in-this-batch", [put]);

    // Assert
    expect(result.kind === "unrecorded" && result.error.message).toMatch(/not claimed by this batch/);
    expect(store.calls).toEqual(["claimAll"]);
  });
});

describe("late commits", () => {
  const NOW_MS = 1_800_000_000_000;
  const setup = () => {
    const store = scripted(createInMemoryIdempotencyStore());
    const logger = createMemoryLogger();
    const deps: ProtocolDeps = {
      store,
      queue: "orders",
      scope: "messageGroup",
      windowSeconds: 60,
      leaseGraceMs: 2000,
      commitAttempts: 3,
      commitIntervalMs: 1000,
      logger,
      clock: () => NOW_MS,
      sleep: async () => undefined,
    };
    return { store, logger, late: createLateCommits(deps) };
  };
  const write = (expiresAtS: number) => ({ slots: [0], final: true, expiresAtS, atMs: NOW_MS });

  it("drops one that expired (at or before now) without writing it, writes the others once", async () => {
    // Arrange
    const { store, late } = setup();
    late.add("b#orders#expired", write(NOW_MS / 1000));
    late.add("b#orders#live", write(NOW_MS / 1000 + 1));

    // Act
    await late.flush(NOW_MS);
    await late.flush(NOW_MS);

    // Assert
    expect(store.calls).toEqual(["commit"]);
  });

  it("keeps at most 32, dropping the oldest with a warning that names it", async () => {
    // Arrange
    const { store, logger, late } = setup();

    // Act
    for (let i = 0; i <= 32; i += 1) late.add(`b#orders#${i}`, write(NOW_MS / 1000 + 60));
    await late.flush(NOW_MS);

    // Assert
    expect(commitsOf(store.calls)).toBe(32);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({
        level: "warn",
        commitKey: "b#orders#0",
        message: expect.stringMatching(/dropped/),
      }),
    );
  });

  it("keeps one whose write failed for the next flush, and throws on a bug", async () => {
    // Arrange
    const { store, late } = setup();
    late.add("b#orders#1", write(NOW_MS / 1000 + 60));
    store.failNext("commit", throttled);
    const bug = new TypeError("bug");

    // Act
    await late.flush(NOW_MS);
    store.failNext("commit", bug);
    const flushed = late.flush(NOW_MS);

    // Assert
    await expect(flushed).rejects.toBe(bug);
    expect(commitsOf(store.calls)).toBe(2);
  });
});
