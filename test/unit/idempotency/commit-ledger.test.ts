import { describe, expect, it } from "vitest";
import type { RecordOutcome } from "../../../functions/core/consumer/idempotency-port";
import * as ledgers from "../../../functions/core/idempotency/commit-ledger";

const EXPIRES_AT_S = 1_700_000_000;
const AT_MS = 1_699_990_000_000;

/** A ledger in a given state (sets written as arrays). */
const ledger = (state: {
  pending?: number[];
  durable?: number[];
  transacted?: string[];
  sealed?: boolean;
}): ledgers.CommitLedger => ({
  pending: new Set(state.pending ?? []),
  durable: new Set(state.durable ?? []),
  transacted: new Set(state.transacted ?? []),
  sealed: state.sealed ?? false,
});

/** The ledger as plain arrays, for `toEqual`. */
const plain = (l: ledgers.CommitLedger) => ({
  pending: [...l.pending],
  durable: [...l.durable],
  transacted: [...l.transacted],
  sealed: l.sealed,
});

const succeeded = (messageId: string): RecordOutcome => ({ messageId, status: "succeeded" });

describe("commit ledger", () => {
  it("opens empty and unsealed", () => {
    expect(plain(ledgers.openLedger())).toEqual({ pending: [], durable: [], transacted: [], sealed: false });
  });

  it("puts a succeeded slot in pending, and nothing once sealed", () => {
    // Act
    const open = ledgers.slotSucceeded(ledger({ pending: [1] }), 3);
    const sealed = ledgers.slotSucceeded(ledger({ sealed: true }), 3);

    // Assert
    expect(plain(open)).toEqual(plain(ledger({ pending: [1, 3] })));
    expect(plain(sealed)).toEqual(plain(ledger({ sealed: true })));
  });

  it("records a transacted message id and keeps the rest", () => {
    // Act
    const next = ledgers.recordTransacted(ledger({ pending: [2], durable: [0], transacted: ["a"] }), "b");

    // Assert
    expect(plain(next)).toEqual(plain(ledger({ pending: [2], durable: [0], transacted: ["a", "b"] })));
  });

  it("writes the pending slots in order; an interval write needs one, a final write does not", () => {
    // Act
    const interval = ledgers.nextWrite(ledger({ pending: [3, 1, 10, 2] }), false, EXPIRES_AT_S, AT_MS);
    const emptyInterval = ledgers.nextWrite(ledger({ durable: [0] }), false, EXPIRES_AT_S, AT_MS);
    const emptyFinal = ledgers.nextWrite(ledger({ durable: [0] }), true, EXPIRES_AT_S, AT_MS);

    // Assert: numeric order (10 after 3)
    expect(interval).toEqual({ slots: [1, 2, 3, 10], final: false, expiresAtS: EXPIRES_AT_S, atMs: AT_MS });
    expect(emptyInterval).toBeUndefined();
    expect(emptyFinal).toEqual({ slots: [], final: true, expiresAtS: EXPIRES_AT_S, atMs: AT_MS });
  });

  it("writes nothing more once sealed, final or not", () => {
    // Arrange
    const sealed = ledger({ pending: [1], sealed: true });

    // Act and assert
    expect(ledgers.nextWrite(sealed, false, EXPIRES_AT_S, AT_MS)).toBeUndefined();
    expect(ledgers.nextWrite(sealed, true, EXPIRES_AT_S, AT_MS)).toBeUndefined();
  });

  it("after a written interval write: what it carried is durable, what came meanwhile stays pending", () => {
    // Arrange: the write carried 0 and 1; slot 2 succeeded while it was in flight
    const write = { slots: [0, 1], final: false, expiresAtS: EXPIRES_AT_S, atMs: AT_MS };

    // Act
    const next = ledgers.commitAnswered(ledger({ pending: [0, 1, 2], durable: [5] }), write, {
      kind: "written",
    });

    // Assert
    expect(plain(next)).toEqual(plain(ledger({ pending: [2], durable: [5, 0, 1] })));
  });

  it("after a written final write: sealed", () => {
    // Act
    const next = ledgers.commitAnswered(
      ledger({ pending: [0] }),
      { slots: [0], final: true, expiresAtS: 1, atMs: AT_MS },
      {
        kind: "written",
      },
    );

    // Assert
    expect(plain(next)).toEqual(plain(ledger({ durable: [0], sealed: true })));
  });

  it("after an abort: durable is what the commit held, sealed, and transacted ids are kept", () => {
    // Arrange: the write carried 1 and 2; the taker-over's abort found 0 and 1 committed
    const write = { slots: [1, 2], final: false, expiresAtS: EXPIRES_AT_S, atMs: AT_MS };
    const current = { doneSlots: [0, 1], final: false, aborted: true, expiresAtS: EXPIRES_AT_S };

    // Act
    const next = ledgers.commitAnswered(ledger({ pending: [1, 2], transacted: ["t"] }), write, {
      kind: "aborted",
      current,
    });

    // Assert
    expect(plain(next)).toEqual(plain(ledger({ durable: [0, 1], transacted: ["t"], sealed: true })));
  });

  it("at finish, makes pending every succeeded record that is neither transacted nor durable", () => {
    // Arrange: a (slot 0) durable, b (1) transacted, c (2) and d (3) succeeded, e (4) failed
    const claimed = new Map(["a", "b", "c", "d", "e"].map((id, slot) => [id, { slot }]));
    const before = ledger({ pending: [3], durable: [0], transacted: ["b"] });

    // Act
    const next = ledgers.finishing(before, claimed, new Set(["a", "b", "c", "d"]));

    // Assert
    expect([...next.pending].sort()).toEqual([2, 3]);
    expect(plain({ ...next, pending: new Set() })).toEqual(
      plain(ledger({ durable: [0], transacted: ["b"] })),
    );
  });

  it("at finish, adds nothing to a sealed commit", () => {
    // Arrange
    const sealed = ledger({ sealed: true });

    // Act
    const next = ledgers.finishing(sealed, new Map([["a", { slot: 0 }]]), new Set(["a"]));

    // Assert
    expect(plain(next)).toEqual(plain(sealed));
  });

  it.each([
    ["a skipped record", true, { messageId: "x", status: "skipped" } as RecordOutcome, undefined],
    ["a transacted record", true, succeeded("t"), 7],
    ["a record whose slot is durable", true, succeeded("d"), 0],
    ["a succeeded record whose slot is not durable", false, succeeded("p"), 1],
    ["a succeeded record without a slot", false, succeeded("n"), undefined],
  ])("is recorded: %s → %s", (_name, recorded, outcome, slot) => {
    // Arrange / Act / Assert: slot 0 is durable, "t" is transacted
    expect(ledgers.isRecorded(ledger({ pending: [1], durable: [0], transacted: ["t"] }), outcome, slot)).toBe(
      recorded,
    );
  });
});
