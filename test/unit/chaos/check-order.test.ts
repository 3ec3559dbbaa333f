import { describe, expect, it } from "vitest";
import { delayedOrder, immediateOrder, type OrderedMessage, sequenceOrder } from "../../../chaos/check-order";
import { effectEntry } from "./effect-entry";

const message = (n: number, overrides: Partial<OrderedMessage> = {}): OrderedMessage => ({
  id: `m${n}`,
  g: "g",
  n,
  poison: false,
  delayed: false,
  cancelled: false,
  ...overrides,
});

/** Effects in this order of ids: their positions. */
const positionsOf = (...ids: string[]) => {
  const positions = new Map<string, number[]>();
  for (const [index, id] of ids.entries()) positions.set(id, [...(positions.get(id) ?? []), index]);
  return positions;
};

const effect = (id: string, seq: string, g = "g") => effectEntry(id, { g, seq });

describe("order checks", () => {
  it("releases delayed messages of one second in publish order, whatever their milliseconds", () => {
    // Arrange: m1 published first, due at 10.9 s; m2 published after it, due at 10.1 s
    const messages = [
      message(2, { delayed: true, dueAt: 10_100 }),
      message(1, { delayed: true, dueAt: 10_900 }),
    ];

    // Act
    const inOrder = delayedOrder(messages, positionsOf("m1", "m2"), new Set());
    const swapped = delayedOrder(messages, positionsOf("m2", "m1"), new Set());

    // Assert
    expect(inOrder).toEqual([]);
    expect(swapped).toEqual(["m1 applied after m2 (due order)"]);
  });

  it("orders delayed messages of different seconds by due second, not publish order", () => {
    // Arrange
    const messages = [
      message(1, { delayed: true, dueAt: 12_000 }),
      message(2, { delayed: true, dueAt: 11_500 }),
    ];

    // Act
    const found = delayedOrder(messages, positionsOf("m2", "m1"), new Set());

    // Assert
    expect(found).toEqual([]);
  });

  it("leaves out of the due order cancelled, redriven and messages without a known due time", () => {
    // Arrange
    const messages = [
      message(1, { delayed: true, dueAt: 10_000, cancelled: true }),
      message(2, { delayed: true, dueAt: 10_000 }),
      message(3, { delayed: true }),
      message(4, { delayed: true, dueAt: 10_000 }),
    ];

    // Act
    const found = delayedOrder(messages, positionsOf("m4", "m3", "m1", "m2"), new Set(["m4"]));

    // Assert
    expect(found).toEqual([]);
  });

  it("keeps delayed messages out of the immediate publish order (they join at release)", () => {
    // Arrange
    const messages = [message(1), message(2, { delayed: true }), message(3)];

    // Act
    const found = immediateOrder(messages, positionsOf("m1", "m3", "m2"), new Set());
    const broken = immediateOrder(messages, positionsOf("m3", "m1"), new Set());

    // Assert
    expect(found).toEqual([]);
    expect(broken).toEqual(["m1 applied after m3 (publish order)"]);
  });

  it("finds an effect of a group with a lower sequence number after a higher one, per group", () => {
    // Arrange
    const effects = [
      effect("a", "00000000000000000005"),
      effect("x", "00000000000000000009", "other"),
      effect("a", "00000000000000000005"),
      effect("b", "00000000000000000007"),
      effect("c", "00000000000000000006"),
    ];

    // Act
    const found = sequenceOrder(effects);

    // Assert
    expect(found).toEqual(["c (seq 00000000000000000006) applied after b (seq 00000000000000000007)"]);
  });
});
