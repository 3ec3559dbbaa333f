import { describe, expect, it } from "vitest";
import { type PlanItem, type PlannedBatch, planBatches } from "../../../functions/core/producer/plan-batches";

const items = (groups: readonly string[], sizeBytes = 100): PlanItem[] =>
  groups.map((groupId) => ({ groupId, sizeBytes }));

/** `count` entries cycling through `groupCount` groups: g0, g1, …, g0, g1, … (request order interleaves groups). */
const interleaved = (count: number, groupCount: number) =>
  items(Array.from({ length: count }, (_, index) => `g${index % groupCount}`));

/** Batches `from` must wait for, directly or through other batches. */
const ancestors = (plan: readonly PlannedBatch[], from: number): Set<number> => {
  const seen = new Set<number>();
  const stack = [...(plan[from]?.dependsOn ?? [])];
  while (stack.length > 0) {
    const next = stack.pop() as number;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(plan[next]?.dependsOn ?? []));
  }
  return seen;
};

/** The invariants every plan must hold, whatever the input. */
const expectValidPlan = (
  input: readonly PlanItem[],
  plan: readonly PlannedBatch[],
  limits = { maxEntries: 10, maxBytes: 1_048_576 },
) => {
  const all = plan.flatMap((batch) => batch.indexes);
  expect([...all].sort((a, b) => a - b)).toEqual(input.map((_, index) => index));
  for (const [position, batch] of plan.entries()) {
    expect(batch.indexes.length).toBeLessThanOrEqual(limits.maxEntries);
    expect(batch.indexes.reduce((sum, index) => sum + (input[index]?.sizeBytes ?? 0), 0)).toBeLessThanOrEqual(
      limits.maxBytes,
    );
    for (const dependency of batch.dependsOn) expect(dependency).toBeLessThan(position);
  }
  // Per group: concatenating its entries batch by batch gives the request order...
  const groups = new Set(input.map((item) => item.groupId));
  for (const group of groups) {
    const inRequest = input.flatMap((item, index) => (item.groupId === group ? [index] : []));
    const inPlan = plan.flatMap((batch) => batch.indexes.filter((index) => input[index]?.groupId === group));
    expect(inPlan).toEqual(inRequest);
  }
  // ...and a batch waits for every earlier batch holding one of its groups.
  for (const [later, batch] of plan.entries()) {
    for (const [earlier, other] of plan.slice(0, later).entries()) {
      if (other.groups.some((group) => batch.groups.includes(group)))
        expect(ancestors(plan, later)).toContain(earlier);
    }
  }
};

describe("planBatches", () => {
  it("puts up to 10 entries of one group in one batch", () => {
    // Arrange
    const input = items(Array(10).fill("g"));

    // Act and assert
    expect(planBatches(input)).toEqual([
      { indexes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], groups: ["g"], sizeBytes: 1000, dependsOn: [] },
    ]);
  });

  it("chains the batches of a group larger than one batch", () => {
    // Arrange: 25 entries of one group
    const input = items(Array(25).fill("g"));
    // Act
    const plan = planBatches(input);
    // Assert
    expect(plan.map((batch) => batch.indexes.length)).toEqual([10, 10, 5]);
    expect(plan.map((batch) => batch.dependsOn)).toEqual([[], [0], [1]]);
    expectValidPlan(input, plan);
  });

  it("packs interleaved groups whole, so that the batches do not depend on each other", () => {
    // Arrange: 25 entries of 5 groups interleaved in the request (request-order chunks would all share groups)
    const input = interleaved(25, 5);
    // Act
    const plan = planBatches(input);
    // Assert
    expect(plan.map((batch) => batch.groups)).toEqual([["g0", "g1"], ["g2", "g3"], ["g4"]]);
    expect(plan.every((batch) => batch.dependsOn.length === 0)).toBe(true);
    expect(plan[0]?.indexes).toEqual([0, 5, 10, 15, 20, 1, 6, 11, 16, 21]);
    expectValidPlan(input, plan);
  });

  it("fills earlier batches first with small groups (first fit)", () => {
    // Arrange: 8 groups of 3: whole groups fit 3 per batch
    const input = interleaved(24, 8);
    const plan = planBatches(input);
    expect(plan.map((batch) => batch.groups)).toEqual([
      ["g0", "g1", "g2"],
      ["g3", "g4", "g5"],
      ["g6", "g7"],
    ]);
    expect(plan.flatMap((batch) => batch.dependsOn)).toEqual([]);
  });

  it("places a group's next piece only after its previous one", () => {
    // Arrange: a group of 12, then a group of 9: g0's tail (2) cannot go before its head
    const input = items([...Array(12).fill("a"), ...Array(9).fill("b")]);
    const plan = planBatches(input);
    expect(
      plan.map((batch) => ({ groups: batch.groups, size: batch.indexes.length, dependsOn: batch.dependsOn })),
    ).toEqual([
      { groups: ["a"], size: 10, dependsOn: [] },
      { groups: ["a"], size: 2, dependsOn: [0] },
      { groups: ["b"], size: 9, dependsOn: [] },
    ]);
    expectValidPlan(input, plan);
  });

  it("respects the byte limit of a batch", () => {
    // Arrange: 5 entries of 400 KiB in one group: 2 fit in 1 MiB
    const input = items(Array(5).fill("g"), 400 * 1024);
    const plan = planBatches(input);
    expect(plan.map((batch) => batch.indexes)).toEqual([[0, 1], [2, 3], [4]]);
    expect(plan.map((batch) => batch.dependsOn)).toEqual([[], [0], [1]]);
    expectValidPlan(input, plan);
  });

  it("returns no batch for no entries", () => {
    expect(planBatches([])).toEqual([]);
  });

  it("holds its invariants on many random requests", () => {
    // Arrange: a deterministic pseudo-random generator
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let run = 0; run < 300; run += 1) {
      const count = 1 + Math.floor(random() * 100);
      const groupCount = 1 + Math.floor(random() * 15);
      const input = Array.from({ length: count }, () => ({
        groupId: `g${Math.floor(random() * groupCount)}`,
        sizeBytes: random() < 0.1 ? Math.floor(random() * 1_048_576) : 1 + Math.floor(random() * 2000),
      }));
      // Act / Assert
      expectValidPlan(input, planBatches(input));
    }
  });
});
