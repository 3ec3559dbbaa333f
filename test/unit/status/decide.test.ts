import { describe, expect, it } from "vitest";
import type { Claim, Commit } from "../../../functions/core/idempotency/store-port";
import type { ScheduledMessage } from "../../../functions/core/scheduled/types";
import { decideStatus, NO_RECORD, type StatusEvidence } from "../../../functions/core/status/decide";

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);
const WINDOW_S = 3600;
const context = { queue: "orders", groupId: "g-1", dedupId: "d-1", nowMs: NOW, windowSeconds: WINDOW_S };
const base = { queue: "orders", groupId: "g-1", dedupId: "d-1" };

const claim = (overrides: Partial<Claim> = {}): Claim => ({
  batchId: "b-1",
  slot: 2,
  messageId: "m-1",
  leaseUntilMs: NOW - 60_000,
  expiresAtS: NOW / 1000 + 600,
  done: false,
  attempts: 3,
  ...overrides,
});

const commit = (doneSlots: number[], doneAtMs?: Map<number, number>): Commit => ({
  doneSlots,
  ...(doneAtMs ? { doneAtMs } : {}),
  final: true,
  aborted: false,
  expiresAtS: NOW / 1000 + 600,
});

const scheduled = (overrides: Partial<ScheduledMessage> = {}): ScheduledMessage => ({
  id: "s-1",
  queue: "orders",
  groupId: "g-1",
  dedupId: "d-1",
  body: "{}",
  attributes: {},
  releaseAt: NOW + 60_000,
  publishedAt: NOW - 1000,
  batchIndex: 0,
  state: "scheduled",
  ...overrides,
});

const decide = (evidence: StatusEvidence) => decideStatus(evidence, context);

describe("message status: one state from several records, the furthest stage wins", () => {
  it("processed by its own transaction: when, and after how many attempts", () => {
    // Act
    const answer = decide({ claim: { claim: claim({ done: true, doneAtMs: NOW - 5000 }) } });

    // Assert
    expect(answer).toEqual({
      found: true,
      status: { ...base, status: "processed", processedAt: new Date(NOW - 5000).toISOString(), attempts: 3 },
    });
  });

  it("processed through its slot in the batch commit, with the slot's time", () => {
    // Arrange
    const evidence = { claim: { claim: claim(), commit: commit([0, 2], new Map([[2, NOW - 7000]])) } };

    // Act
    const answer = decide(evidence);

    // Assert
    expect(answer).toMatchObject({
      status: { status: "processed", processedAt: new Date(NOW - 7000).toISOString() },
    });
  });

  it("a done claim without a kept time or attempt count says processed without inventing them", () => {
    // Act
    const answer = decide({ claim: { claim: claim({ done: true, attempts: undefined }) } });

    // Assert
    expect(answer).toEqual({ found: true, status: { ...base, status: "processed" } });
  });

  it("a claim whose slot is not in its batch's commit is queued (received, running or waiting for a retry)", () => {
    // Act
    const answer = decide({ claim: { claim: claim(), commit: commit([0, 1]) } });

    // Assert
    expect(answer).toEqual({ found: true, status: { ...base, status: "queued" } });
  });

  it("a dead letter later redriven and processed is processed, not dead-lettered", () => {
    // Arrange
    const evidence: StatusEvidence = {
      claim: { claim: claim({ done: true, doneAtMs: NOW - 1000 }) },
      deadLetter: { id: "dl-1", status: "redriven", redrivenAt: new Date(NOW - 60_000).toISOString() },
    };

    // Act and assert
    expect(decide(evidence)).toMatchObject({ status: { status: "processed" } });
  });

  it("a processed claim wins over a dead letter still new, and over a scheduled record", () => {
    // Arrange
    const evidence: StatusEvidence = {
      claim: { claim: claim({ done: true }) },
      deadLetter: { id: "dl-1", status: "new" },
      scheduled: scheduled(),
    };

    // Act and assert
    expect(decide(evidence)).toMatchObject({ status: { status: "processed" } });
  });

  it("a delayed publish made after the claim was done is a newer message: scheduled, not processed", () => {
    // Arrange: processed an hour ago; the same (group, dedupId) published again since, with a delay (a
    // scheduled publish is not deduplicated against claims; released after the window, it runs again)
    const doneAtMs = NOW - 3_000_000;
    const evidence: StatusEvidence = {
      claim: { claim: claim({ done: true, doneAtMs }) },
      scheduled: scheduled({ publishedAt: doneAtMs + 600_000, releaseAt: NOW + 86_400_000 }),
    };

    // Act and assert
    expect(decide(evidence)).toMatchObject({ status: { status: "scheduled", scheduledId: "s-1" } });
  });

  it("a scheduled record published before the claim was done does not hide processed", () => {
    // Arrange
    const doneAtMs = NOW - 30_000;
    const evidence: StatusEvidence = {
      claim: { claim: claim({ done: true, doneAtMs }) },
      scheduled: scheduled({ publishedAt: doneAtMs - 1000 }),
    };

    // Act and assert
    expect(decide(evidence)).toMatchObject({ status: { status: "processed" } });
  });

  it.each(["new", "redriving", "discarded"] as const)(
    "a %s dead letter is dead-lettered, over a claim not done and a scheduled record",
    (status) => {
      // Arrange
      const evidence: StatusEvidence = {
        claim: { claim: claim(), commit: commit([]) },
        deadLetter: { id: "dl-1", status },
        scheduled: scheduled(),
      };

      // Act and assert
      expect(decide(evidence)).toEqual({
        found: true,
        status: { ...base, status: "dead-lettered", deadLetterId: "dl-1" },
      });
    },
  );

  it("a redriven dead letter is queued within the window, not found after it", () => {
    // Arrange
    const redriven = (agoMs: number): StatusEvidence => ({
      deadLetter: { id: "dl-1", status: "redriven", redrivenAt: new Date(NOW - agoMs).toISOString() },
    });

    // Act and assert
    expect(decide(redriven(60_000))).toMatchObject({ status: { status: "queued" } });
    expect(decide(redriven(WINDOW_S * 1000))).toEqual({ found: false, reason: NO_RECORD });
  });

  it("a scheduled record waiting for its release is scheduled, with its id and due time", () => {
    // Act
    const answer = decide({ scheduled: scheduled() });

    // Assert
    expect(answer).toEqual({
      found: true,
      status: {
        ...base,
        status: "scheduled",
        scheduledId: "s-1",
        releaseAt: new Date(NOW + 60_000).toISOString(),
      },
    });
  });

  it("a released scheduled record is queued within the window, and a claim not done wins over scheduled", () => {
    // Arrange
    const released = scheduled({ state: "released", releasedAt: NOW - 1000 });
    const old = scheduled({ state: "released", releasedAt: NOW - WINDOW_S * 1000 });

    // Act and assert
    expect(decide({ scheduled: released })).toMatchObject({ status: { status: "queued" } });
    expect(decide({ scheduled: old })).toEqual({ found: false, reason: NO_RECORD });
    expect(decide({ claim: { claim: claim() }, scheduled: scheduled() })).toMatchObject({
      status: { status: "queued" },
    });
  });

  it("a claim whose window is over counts for nothing (DynamoDB deletes it days later)", () => {
    // Arrange
    const expired = claim({ done: true, expiresAtS: NOW / 1000 });

    // Act and assert
    expect(decide({ claim: { claim: expired } })).toEqual({ found: false, reason: NO_RECORD });
    expect(decide({ claim: { claim: { ...expired, done: false } } })).toEqual({
      found: false,
      reason: NO_RECORD,
    });
  });

  it("nothing recorded, or only a cancelled scheduled record: not found, with an honest reason", () => {
    // Act
    const nothing = decide({});
    const cancelled = decide({ scheduled: scheduled({ state: "cancelled", cancelledAt: NOW - 1 }) });

    // Assert
    expect(nothing).toEqual({ found: false, reason: NO_RECORD });
    expect(NO_RECORD).toMatch(/not published, already expired, or published and not yet received/);
    expect(cancelled).toEqual({
      found: false,
      reason: "scheduled message s-1 was cancelled before its release",
    });
  });
});
