import { describe, expect, it } from "vitest";
import { IdempotencyBusyError, IdempotencyUnavailableError } from "../../../functions/core/consumer/errors";
import { planGroups } from "../../../functions/core/consumer/group-plan";
import type { RecordResult } from "../../../functions/core/consumer/record-result";
import {
  backoffCeilingSeconds,
  backoffSeconds,
  planRetryVisibility,
} from "../../../functions/core/consumer/retry-backoff";
import type { Outcome } from "../../../functions/core/consumer/types";
import { sqsRecordFactory } from "../../factories/sqs";

const DEFAULT = { minSeconds: 1, maxSeconds: 300 };
const lowest = () => 0;
const highest = () => 0.999_999;

describe("backoffCeilingSeconds: min(maxSeconds, minSeconds × 2^(attempt − 1))", () => {
  it.each([
    [1, 1],
    [2, 2],
    [3, 4],
    [5, 16],
    [9, 256],
    [10, 300],
    [1000, 300],
    [5000, 300],
  ])("attempt %i waits at most %i s with the defaults", (attempt, seconds) => {
    expect(backoffCeilingSeconds(DEFAULT, attempt)).toBe(seconds);
  });

  it("treats an attempt below 1 (a missing receive count) as the first", () => {
    expect(backoffCeilingSeconds({ minSeconds: 5, maxSeconds: 60 }, 0)).toBe(5);
  });
});

describe("backoffSeconds: equal jitter in whole seconds", () => {
  it("waits exactly minSeconds after the first failure, whatever the jitter", () => {
    expect([lowest, highest].map((random) => backoffSeconds(DEFAULT, 1, random))).toEqual([1, 1]);
  });

  it.each([
    [2, 1, 2],
    [3, 2, 4],
    [5, 8, 16],
    [12, 150, 300],
  ])("attempt %i waits between %i and %i s", (attempt, low, high) => {
    expect(backoffSeconds(DEFAULT, attempt, lowest)).toBe(low);
    expect(backoffSeconds(DEFAULT, attempt, highest)).toBe(high);
  });

  it("never goes below minSeconds or above the formula", () => {
    // Arrange
    const policy = { minSeconds: 10, maxSeconds: 25 };
    const randoms = Array.from({ length: 50 }, (_, index) => () => index / 50);

    // Act
    const waits = [1, 2, 3, 4, 8].flatMap((attempt) =>
      randoms.map((r) => backoffSeconds(policy, attempt, r)),
    );

    // Assert
    expect(Math.min(...waits)).toBe(10);
    expect(Math.max(...waits)).toBe(25);
    expect(waits.every(Number.isInteger)).toBe(true);
  });
});

/** Results as the batch runner produces them, from `[groupId, outcome, attempt?]`. */
const resultsOf = (rows: readonly [string, Outcome, number?, Error?][]): RecordResult[] => {
  const records = rows.map(([groupId, , attempt], index) =>
    sqsRecordFactory({ messageId: `m${index}`, groupId, attempt: attempt ?? 1 }),
  );
  const planned = planGroups(records, "orders").flatMap((group) => group.records);
  return planned
    .sort((a, b) => a.index - b.index)
    .map((p) => {
      const [, outcome, , error] = rows[p.index] as [string, Outcome, number?, Error?];
      return { planned: p, outcome, durationMs: 0, claimed: true, error };
    });
};

describe("planRetryVisibility", () => {
  it("changes nothing when nothing is reported failed (the happy path makes no SQS call)", () => {
    const results = resultsOf([
      ["A", "processed"],
      ["B", "duplicate"],
      ["C", "dead-lettered"],
    ]);

    expect(planRetryVisibility(results, DEFAULT, lowest)).toEqual([]);
  });

  it("gives the rest of a group the wait of its failed record, from the failed record's attempt", () => {
    // Arrange: A1 processed, A2 failed on its 3rd delivery, A3 and A4 skipped behind it (first delivery)
    const results = resultsOf([
      ["A", "processed"],
      ["A", "failed", 3],
      ["A", "skipped"],
      ["A", "skipped"],
    ]);

    // Act
    const changes = planRetryVisibility(results, DEFAULT, highest);

    // Assert
    expect(changes).toEqual([
      { messageId: "m1", receiptHandle: results[1]?.planned.record.receiptHandle, seconds: 4 },
      { messageId: "m2", receiptHandle: results[2]?.planned.record.receiptHandle, seconds: 4 },
      { messageId: "m3", receiptHandle: results[3]?.planned.record.receiptHandle, seconds: 4 },
    ]);
  });

  it("draws one jitter per group, so every record of a group returns at the same time", () => {
    // Arrange: two failing groups, interleaved in the batch
    const draws = [0, 0.999_999];
    const random = () => draws.shift() ?? 0;
    const results = resultsOf([
      ["A", "failed", 4],
      ["B", "failed", 4],
      ["A", "skipped", 4],
      ["B", "skipped", 4],
    ]);

    // Act
    const changes = planRetryVisibility(results, DEFAULT, random);

    // Assert
    const secondsOf = (ids: string[]) =>
      changes.filter((c) => ids.includes(c.messageId)).map((c) => c.seconds);
    expect(secondsOf(["m0", "m2"])).toEqual([4, 4]);
    expect(secondsOf(["m1", "m3"])).toEqual([8, 8]);
    expect(draws).toEqual([]);
  });

  it("backs off a group skipped for lack of time, from its first skipped record", () => {
    const results = resultsOf([
      ["A", "processed"],
      ["A", "skipped", 2],
    ]);

    expect(planRetryVisibility(results, DEFAULT, highest).map((c) => [c.messageId, c.seconds])).toEqual([
      ["m1", 2],
    ]);
  });

  it("leaves a busy record and the rest of its group at the visibility timeout", () => {
    // Arrange: another live invocation holds B1; its lease may outlast a short backoff
    const results = resultsOf([
      ["A", "failed"],
      ["B", "failed", 1, new IdempotencyBusyError("m1")],
      ["B", "skipped"],
    ]);

    // Act
    const changes = planRetryVisibility(results, DEFAULT, lowest);

    // Assert
    expect(changes.map((c) => c.messageId)).toEqual(["m0"]);
  });

  it("leaves a record whose own claim request may have landed at the visibility timeout, not a refused one", () => {
    // Arrange: C0's claim request failed unanswered (it may hold the key until its lease ends); D0's was refused
    const cause = new Error("TimeoutError");
    const results = resultsOf([
      ["C", "failed", 1, new IdempotencyUnavailableError("m0", { cause }, true)],
      ["C", "skipped"],
      ["D", "failed", 1, new IdempotencyUnavailableError("m2", { cause })],
    ]);

    // Act
    const changes = planRetryVisibility(results, DEFAULT, lowest);

    // Assert
    expect(changes.map((c) => c.messageId)).toEqual(["m2"]);
  });
});
