import { describe, expect, it } from "vitest";
import type { GuardRecord } from "../../../functions/core/consumer/idempotency-port";
import { claimKey, commitKey } from "../../../functions/core/idempotency/store-port";
import { deliver, guardRecords, harness, kinds, T0 } from "./support";

/** Two records in two groups that carry the same dedupId. */
const twinsInTwoGroups = (): GuardRecord[] => {
  const [a, b] = guardRecords(2, { groups: 2 });
  if (!a || !b) throw new Error("no records");
  return [a, { ...b, dedupId: a.dedupId }];
};

describe("idempotency keys follow the deduplication scope", () => {
  it.each([
    ["messageGroup", "c#orders#g11#customer-42#order-9001"],
    ["queue", "c#orders#q#order-9001"],
  ] as const)("writes the %s-scope claim key as %s", (scope, key) => {
    expect(claimKey("orders", scope, { groupId: "customer-42", dedupId: "order-9001" })).toBe(key);
  });

  it("writes the commit key as b#<queue>#<batchId>", () => {
    expect(commitKey("orders", "req-1:0a1b2c3d")).toBe("b#orders#req-1:0a1b2c3d");
  });

  it("gives different keys to group and dedup ids that only differ in where a '#' falls", () => {
    const a = claimKey("orders", "messageGroup", { groupId: "a#b", dedupId: "c" });
    const b = claimKey("orders", "messageGroup", { groupId: "a", dedupId: "b#c" });
    expect(a).not.toBe(b);
  });

  it("never gives a queue-scope key that equals a group-scope one, whatever the dedupId", () => {
    const group = claimKey("orders", "messageGroup", { groupId: "A", dedupId: "d" });
    const lookalike = claimKey("orders", "queue", { groupId: "", dedupId: group.slice("c#orders#".length) });
    expect(lookalike).not.toBe(group);
  });

  it("runs the same dedupId in two groups with the messageGroup scope, and each once", async () => {
    // Arrange: two groups that carry the same dedupIds
    const { guard, at } = harness({ scope: "messageGroup" });
    const twins = twinsInTwoGroups();
    // Act: delivered, then redelivered
    const first = await deliver(guard(), at("b1", T0), twins);
    const again = await deliver(guard(), at("b2", T0 + 1000), twins);
    // Assert: both ran, then both are duplicates
    expect(first.ran).toHaveLength(2);
    expect(kinds(again.decisions)).toEqual(["duplicate", "duplicate"]);
  });

  it("runs the same dedupId once across groups with the queue scope", async () => {
    const { guard, at } = harness({ scope: "queue" });
    const twins = twinsInTwoGroups();
    const first = await deliver(guard(), at("b1", T0), twins);
    const later = await deliver(guard(), at("b2", T0 + 1000), twins.slice(1));
    expect(kinds(first.decisions)).toEqual(["run", "busy"]);
    expect(kinds(later.decisions)).toEqual(["duplicate"]);
  });
});
