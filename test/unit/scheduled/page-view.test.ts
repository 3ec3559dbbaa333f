import { describe, expect, it } from "vitest";
import { decodeScheduledCursor } from "../../../functions/core/scheduled/cursor";
import type { ScheduledMessage } from "../../../functions/core/scheduled/types";
import { scheduledPageView } from "../../../functions/core/scheduled/view";

/** A scheduled message whose attribute is `quotes` quote characters (four bytes each in Lambda's response). */
const heavy = (quotes: number, n: number): ScheduledMessage => ({
  id: String(n).padStart(25, "0"),
  queue: "orders",
  groupId: "g",
  dedupId: `d-${n}`,
  body: "{}",
  attributes: { a: '"'.repeat(quotes) },
  releaseAt: 10_000,
  publishedAt: 1_000,
  batchIndex: 0,
  state: "scheduled",
});

describe("a page of scheduled messages as one answer carries it", () => {
  it("stops where the views pass the budget in Lambda's response, with the cursor after the last one kept", () => {
    // Arrange: 4 messages of 500,000 quotes: 1 MB of JSON text each, 2 MB in Lambda's response
    const items = Array.from({ length: 4 }, (_, n) => heavy(500_000, n));

    // Act
    const answer = scheduledPageView("orders", { items });

    // Assert
    expect(answer.items.map((item) => item.id)).toEqual(items.slice(0, 2).map((item) => item.id));
    expect(decodeScheduledCursor(answer.nextCursor ?? "", "orders")).toBe(items[1]?.id);
  });

  it("keeps a page that fits whole, with the store's own cursor or none", () => {
    // Arrange
    const items = [heavy(10, 1), heavy(10, 2)];

    // Act
    const more = scheduledPageView("orders", { items, nextCursor: "store-cursor" });
    const last = scheduledPageView("orders", { items });

    // Assert
    expect([more.items.length, more.nextCursor]).toEqual([2, "store-cursor"]);
    expect([last.items.length, "nextCursor" in last]).toEqual([2, false]);
  });
});
