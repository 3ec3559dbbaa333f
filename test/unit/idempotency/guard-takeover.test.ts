import { describe, expect, it } from "vitest";
import { batchKey, deliver, guardRecords, harness, keyOf, kinds, LEASE_END, outcomeOf, T0 } from "./support";

describe("idempotency guard: leases, releases and take-overs", () => {
  it("answers busy while the first attempt's lease runs, then takes over from the crashed batch", async () => {
    // Arrange: an invocation that claimed and crashed before finish
    const { memory, guard, at } = harness();
    const records = guardRecords(3, { groups: 1 });
    await guard().begin(at("b1", T0), records);
    // Act: redelivered just before and at the lease's end
    const early = await deliver(guard(), at("b2", LEASE_END - 1), records);
    const late = await deliver(guard(), at("b3", LEASE_END), records);
    // Assert: busy first, run after; the crashed batch is aborted and the claims are the new batch's
    expect(kinds(early.decisions)).toEqual(["busy", "busy", "busy"]);
    expect(late.ran).toHaveLength(3);
    expect(memory.commits.get(batchKey("b1"))?.aborted).toBe(true);
    expect(memory.claims.get(keyOf({ groupId: "g0", dedupId: "order-2" }))?.batchId).toBe("b3");
  });

  it("refuses the late finish of an aborted batch and never overwrites the winner", async () => {
    const { memory, guard, at } = harness();
    const records = guardRecords(2);
    const slow = await guard().begin(at("b1", T0), records);
    await deliver(guard(), at("b2", LEASE_END), records);
    const late = await slow.finish(records.map((r) => outcomeOf(r.messageId, "succeeded")));
    expect([...late.values()]).toEqual(["unrecorded", "unrecorded"]);
    expect(memory.commits.get(batchKey("b1"))).toMatchObject({ doneSlots: [], aborted: true });
    expect(memory.commits.get(batchKey("b2"))).toMatchObject({ doneSlots: [0, 1], final: true });
    expect(memory.claims.get(keyOf({ groupId: "g0", dedupId: "order-0" }))?.batchId).toBe("b2");
  });

  it.each(["failed", "skipped", "dead-lettered"] as const)(
    "releases a %s record so that the retry (or redrive) runs it, and only it",
    async (status) => {
      const { guard, at } = harness();
      const records = guardRecords(3, { groups: 1 });
      const first = await deliver(guard(), at("b1", T0), records, (r) =>
        r.dedupId === "order-1" ? status : "succeeded",
      );
      expect([...first.finished.values()]).toEqual(["recorded", "recorded", "recorded"]);
      const redrive = guardRecords(3, { groups: 1, messagePrefix: "again" });
      const retry = await deliver(guard(), at("b2", T0 + 1000), redrive);
      expect(kinds(retry.decisions)).toEqual(["duplicate", "run", "duplicate"]);
      expect(retry.finished.get("again-order-1")).toBe("recorded");
    },
  );

  it("lets one of two concurrent invocations of the same message run; the other is busy", async () => {
    const { memory, guard, at } = harness();
    const records = guardRecords(2);
    const [a, b] = [guard(), guard()];
    const [batchA, batchB] = [at("bA", T0), at("bB", T0)];
    const [{ decisions: decA }, { decisions: decB }] = await Promise.all([
      a.begin(batchA, records),
      b.begin(batchB, records),
    ]);
    expect([...kinds(decA), ...kinds(decB)].sort()).toEqual(["busy", "busy", "run", "run"]);
    const winner = decA.get("m-order-0")?.kind === "run" ? "bA" : "bB";
    expect(memory.claims.get(keyOf({ groupId: "g0", dedupId: "order-0" }))?.batchId).toBe(winner);
  });

  it("lets exactly one of two takers of a released claim run it", async () => {
    const { store, guard, at } = harness();
    const records = guardRecords(1);
    await deliver(guard(), at("b1", T0), records, () => "failed");
    const [b, c] = [guard(), guard()];
    const batch = at("b2", T0 + 1000);
    const [{ decisions: decB }, { decisions: decC }] = await Promise.all([
      b.begin(batch, records),
      c.begin({ ...batch, batchId: "b3" }, records),
    ]);
    expect([...kinds(decB), ...kinds(decC)].sort()).toEqual(["busy", "run"]);
    expect(store.calls.filter((call) => call === "takeOverAll")).toHaveLength(2);
  });

  it("lets exactly one of two takers of an orphaned claim run it", async () => {
    const { store, memory, guard, at } = harness();
    const records = guardRecords(1);
    await guard().begin(at("b1", T0), records);
    const batch = at("b2", LEASE_END);
    const [{ decisions: decB }, { decisions: decC }] = await Promise.all([
      guard().begin(batch, records),
      guard().begin({ ...batch, batchId: "b3" }, records),
    ]);
    expect([...kinds(decB), ...kinds(decC)].sort()).toEqual(["busy", "run"]);
    expect(memory.commits.get(batchKey("b1"))?.aborted).toBe(true);
    expect(store.calls.filter((call) => call === "abort")).toHaveLength(2);
  });

  it.each([
    ["succeeded", "duplicate"],
    ["failed", "run"],
  ] as const)(
    "when the owner commits (%s) just before the abort, the taker judges by it: %s",
    async (status, kind) => {
      // Arrange: an owner whose lease ran out but which is about to commit
      const { store, memory, guard, at } = harness();
      const records = guardRecords(1);
      const owner = await guard().begin(at("b1", T0), records);
      store.before("abort", async () => {
        await owner.finish([outcomeOf("m-order-0", status)]);
      });
      // Act: a redelivery tries to abort it
      const taker = await guard().begin(at("b2", LEASE_END), records);
      // Assert: the owner's commit came first and decides
      expect(taker.decisions.get("m-order-0")?.kind).toBe(kind);
      expect(memory.commits.get(batchKey("b1"))?.final).toBe(true);
    },
  );

  it("runs the first of a dedupId repeated within a batch; the repeat is busy, later duplicate", async () => {
    const { guard, at } = harness();
    const [first] = guardRecords(1);
    if (!first) throw new Error("no record");
    const repeat = { ...first, messageId: "m-repeat", positionInGroup: 1 };
    const once = await deliver(guard(), at("b1", T0), [first, repeat]);
    expect(once.decisions.get(first.messageId)?.kind).toBe("run");
    expect(once.decisions.get("m-repeat")?.kind).toBe("busy");
    const again = await deliver(guard(), at("b2", T0 + 1000), [first, repeat]);
    expect(kinds(again.decisions)).toEqual(["duplicate", "duplicate"]);
  });

  it("keeps a repeat within a batch busy when its first is busy", async () => {
    const { guard, at } = harness();
    const [first] = guardRecords(1);
    if (!first) throw new Error("no record");
    await guard().begin(at("b1", T0), [first]);
    const repeat = { ...first, messageId: "m-repeat" };
    const { decisions } = await guard().begin(at("b2", T0 + 1000), [first, repeat]);
    expect(kinds(decisions)).toEqual(["busy", "busy"]);
  });
});
