import { describe, expect, it } from "vitest";
import {
  canTransition,
  dedupKeyOf,
  dueKeyOf,
  holdsDedupKey,
  isScheduledId,
  newScheduledId,
} from "../../../functions/core/scheduled/rules";
import type { ScheduledMessage } from "../../../functions/core/scheduled/types";

const record = (overrides: Partial<ScheduledMessage>): ScheduledMessage => ({
  id: "x",
  queue: "orders",
  groupId: "g",
  dedupId: "d",
  body: "{}",
  attributes: {},
  releaseAt: 10_000,
  publishedAt: 1_000,
  batchIndex: 0,
  state: "scheduled",
  ...overrides,
});

describe("scheduled-message rules", () => {
  it("moves a scheduled message once, to released or cancelled, and nothing else", () => {
    expect(canTransition("scheduled", "released")).toBe(true);
    expect(canTransition("scheduled", "cancelled")).toBe(true);
    expect(canTransition("released", "cancelled")).toBe(false);
    expect(canTransition("cancelled", "released")).toBe(false);
  });

  it("keeps (group, dedupId) pairs apart whatever characters they hold", () => {
    expect(dedupKeyOf("a,b", "c")).not.toBe(dedupKeyOf("a", "b,c"));
    expect(dedupKeyOf('a"', "b")).not.toBe(dedupKeyOf("a", '"b'));
  });

  it("holds the dedup key while scheduled and not yet due", () => {
    expect(holdsDedupKey(record({}), 9_999)).toBe(true);
    expect(holdsDedupKey(record({}), 10_000)).toBe(false);
    expect(holdsDedupKey(record({ state: "cancelled" }), 0)).toBe(false);
  });

  it("orders by due second first, then publish time, then batch index", () => {
    // Arrange
    const dueEarlierPublishedLater = record({ releaseAt: 10_900, publishedAt: 5_000 });
    const dueSameSecondPublishedEarlier = record({ releaseAt: 10_100, publishedAt: 2_000 });
    const sameMillisecondSecondEntry = record({ releaseAt: 10_000, publishedAt: 2_000, batchIndex: 1 });
    const nextSecond = record({ releaseAt: 11_000, publishedAt: 1 });

    // Act
    const keys = [
      nextSecond,
      dueEarlierPublishedLater,
      sameMillisecondSecondEntry,
      dueSameSecondPublishedEarlier,
    ]
      .map(dueKeyOf)
      .sort();

    // Assert
    expect(keys).toEqual(
      [dueSameSecondPublishedEarlier, sameMillisecondSecondEntry, dueEarlierPublishedLater, nextSecond].map(
        dueKeyOf,
      ),
    );
  });

  it("makes ids that sort by publish time", () => {
    const early = newScheduledId(1_700_000_000_000, () => "zzzzzzzzzzzzzzzz");
    const late = newScheduledId(1_700_000_000_001, () => "0000000000000000");
    expect(isScheduledId(early)).toBe(true);
    expect(early < late).toBe(true);
    expect(isScheduledId("../x")).toBe(false);
  });
});
