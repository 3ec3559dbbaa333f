import { describe, expect, it } from "vitest";
import { type AcceptedMessage, checkRun } from "../../../chaos/check";
import type { LogEntry } from "../../../chaos/effect-log";

const PID = 100;

const message = (id: string, n: number, overrides: Partial<AcceptedMessage> = {}): AcceptedMessage => ({
  id,
  g: "g-1",
  n,
  poison: false,
  delayed: false,
  scheduled: false,
  cancelled: false,
  ...overrides,
});

/** An effect in invocation `(pid, tid, dl)` at time `at`. */
const effect = (id: string, n: number, at: number, where: { dl?: number; tid?: number; pid?: number } = {}) =>
  ({
    k: "effect",
    id,
    g: "g-1",
    n,
    a: 1,
    at,
    dl: where.dl ?? at + 1000,
    pid: where.pid ?? PID,
    tid: where.tid ?? 1,
    tx: false,
  }) satisfies LogEntry;

const kill = (at: number, pid = PID): LogEntry => ({ k: "kill", why: "random", at, pid });

const run = (
  accepted: AcceptedMessage[],
  entries: LogEntry[],
  extra: Partial<Parameters<typeof checkRun>[0]> = {},
) => checkRun({ accepted, entries, deadLetters: [], staged: new Map(), ...extra });

describe("checkRun", () => {
  it("passes a run where every message ran once, in order", () => {
    // Arrange + Act
    const result = run([message("a", 0), message("b", 1)], [effect("a", 0, 10), effect("b", 1, 20)]);

    // Assert
    expect(result).toMatchObject({
      lost: 0,
      edgeDoubles: 0,
      otherDoubles: 0,
      orderViolations: 0,
      violations: 0,
    });
  });

  it("counts a message that neither ran nor is a dead letter as lost", () => {
    const result = run([message("a", 0), message("b", 1)], [effect("a", 0, 10)]);

    expect([result.lost, result.violations]).toEqual([1, 1]);
  });

  it("counts a cancelled delayed message as resolved, and a delayed one applied out of due order as a violation", () => {
    // Arrange
    const delayed = { delayed: true, scheduled: true, notBefore: 0 };
    const messages = [
      message("c", 0, { ...delayed, cancel: 204, cancelled: true }),
      message("a", 1, { ...delayed, dueAt: 5000 }),
      message("b", 2, { ...delayed, dueAt: 5000 }),
    ];

    // Act
    const result = run(messages, [effect("b", 2, 10), effect("a", 1, 20)]);

    // Assert
    expect(result).toMatchObject({ lost: 0, delayedOrderViolations: 1, violations: 1 });
  });

  it("counts a recorded dead letter as resolved, not lost", () => {
    // Arrange + Act
    const result = run([message("p", 0, { poison: true })], [], {
      deadLetters: [{ id: "m1", dedupId: "p", status: "new", offloaded: false }],
    });

    // Assert
    expect(result).toMatchObject({ lost: 0, deadLetters: 1, violations: 0 });
  });

  it("puts a re-run after a kill inside the earlier invocation in the documented edge", () => {
    // Arrange + Act
    const result = run(
      [message("a", 0)],
      [effect("a", 0, 10, { dl: 1000 }), kill(15), effect("a", 0, 13_000, { pid: 200 })],
    );

    // Assert
    expect(result).toMatchObject({ edgeDoubles: 1, siblingDoubles: 0, otherDoubles: 0, violations: 0 });
  });

  it("counts a re-run caused by a slow sibling in the same invocation as a violation", () => {
    const slow: LogEntry = { k: "slow", id: "s", at: 5, dl: 1001, pid: PID, tid: 1 };
    const result = run([message("a", 0)], [slow, effect("a", 0, 10, { dl: 1000 }), effect("a", 0, 13_000)]);

    expect(result).toMatchObject({ siblingDoubles: 1, slowSiblings: 1, edgeDoubles: 0, violations: 1 });
  });

  it("does not blame a slow record of the worker's next invocation", () => {
    const slow: LogEntry = { k: "slow", id: "s", at: 15, dl: 1012, pid: PID, tid: 1 };
    const result = run([message("a", 0)], [effect("a", 0, 10, { dl: 1000 }), slow, effect("a", 0, 13_000)]);

    expect(result).toMatchObject({ siblingDoubles: 0, otherDoubles: 1 });
  });

  it("does not blame a slow record of another worker's invocation", () => {
    const slow: LogEntry = { k: "slow", id: "s", at: 5, dl: 1000, pid: PID, tid: 2 };
    const result = run([message("a", 0)], [slow, effect("a", 0, 10, { dl: 1000 }), effect("a", 0, 13_000)]);

    expect(result).toMatchObject({ siblingDoubles: 0, otherDoubles: 1, violations: 1 });
  });

  it("calls a re-run after a later kill of the same process an edge with a pending commit", () => {
    // Arrange + Act
    const result = run(
      [message("a", 0)],
      [effect("a", 0, 10, { dl: 1000 }), kill(5000), effect("a", 0, 13_000, { pid: 200 })],
    );

    // Assert
    expect(result).toMatchObject({ edgePendingCommitDoubles: 1, otherDoubles: 0, violations: 0 });
  });

  it("explains a re-run by an injected DynamoDB fault on the record's own commit before its deadline", () => {
    const fault: LogEntry = { k: "fault", op: "TransactWriteItems", kind: "throttle", at: 500, ids: ["a"] };
    const result = run([message("a", 0)], [effect("a", 0, 10, { dl: 1000 }), fault, effect("a", 0, 13_000)]);

    expect(result).toMatchObject({ faultDoubles: 1, otherDoubles: 0, violations: 0 });
  });

  it("does not explain a re-run with a fault on another record's commit, or after the deadline", () => {
    // Arrange: a fault on another record's commit, and one after the deadline
    const other: LogEntry = { k: "fault", op: "TransactWriteItems", kind: "throttle", at: 500, ids: ["b"] };
    const late: LogEntry = { k: "fault", op: "TransactWriteItems", kind: "throttle", at: 1500, ids: ["a"] };

    // Act
    const result = run(
      [message("a", 0)],
      [effect("a", 0, 10, { dl: 1000 }), other, late, effect("a", 0, 13_000)],
    );

    // Assert
    expect(result).toMatchObject({ faultDoubles: 0, otherDoubles: 1, violations: 1 });
  });

  it("does not explain a re-run with the kill of another process", () => {
    // Arrange + Act
    const result = run(
      [message("a", 0)],
      [effect("a", 0, 10, { dl: 1000 }), kill(500, 999), effect("a", 0, 13_000)],
    );

    // Assert
    expect([result.otherDoubles, result.violations]).toEqual([1, 1]);
  });

  it("counts an effect applied after its invocation's deadline as late", () => {
    const result = run([message("a", 0)], [effect("a", 0, 2500, { dl: 2000 })]);

    expect([result.lateEffects, result.violations]).toEqual([1, 1]);
  });

  it("finds a message applied after the next one of its group", () => {
    const result = run([message("a", 0), message("b", 1)], [effect("b", 1, 10), effect("a", 0, 20)]);

    expect(result.orderViolations).toBe(1);
  });

  it("finds an earlier message re-applied after the next one started", () => {
    const entries = [effect("a", 0, 10), effect("b", 1, 20), kill(25), effect("a", 0, 30, { pid: 200 })];

    expect(run([message("a", 0), message("b", 1)], entries).orderViolations).toBe(1);
  });

  it("leaves redriven messages out of the order check: they go back to the end of their group", () => {
    const redrive: LogEntry = { k: "redrive", at: 15, ids: ["a"] };
    const result = run([message("a", 0), message("b", 1)], [effect("b", 1, 10), redrive, effect("a", 0, 20)]);

    expect(result).toMatchObject({ orderViolations: 0, violations: 0 });
  });

  it("counts a poison message that ran as a violation", () => {
    const result = run([message("p", 0, { poison: true })], [effect("p", 0, 10)]);

    expect([result.poisonRan, result.violations]).toEqual([1, 1]);
  });

  it("reports the staged check as not applicable when no effect was staged", () => {
    const result = run([message("a", 0)], [effect("a", 0, 10)]);

    expect([result.stagedDoubles, result.stagedMissing]).toEqual([undefined, undefined]);
  });

  it("finds a staged effect applied twice, and one missing for a message that ran", () => {
    // Arrange
    const staged = (id: string, n: number, at: number) => ({ ...effect(id, n, at), tx: true });

    // Act
    const result = run([message("a", 0), message("b", 1)], [staged("a", 0, 10), staged("b", 1, 20)], {
      staged: new Map([["a", 2]]),
    });

    // Assert
    expect(result).toMatchObject({ stagedDoubles: 1, stagedMissing: 1, violations: 2 });
  });
});
