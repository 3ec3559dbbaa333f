import { describe, expect, it } from "vitest";
import { planBatches } from "../../../functions/core/producer/plan-batches";
import { type EntryOutcome, runPlan } from "../../../functions/core/producer/run-plan";

interface Call {
  readonly indexes: readonly number[];
  finished: boolean;
  readonly finish: (outcome?: (index: number) => EntryOutcome) => void;
}

const accepted = (index: number): EntryOutcome => ({
  status: "accepted",
  sent: { messageId: `m-${index}`, sequenceNumber: String(index) },
});

const refused: EntryOutcome = {
  status: "failed",
  error: { code: "UPSTREAM_UNAVAILABLE", message: "down", retryable: true },
};

/** A `send` whose calls stay in flight until the test finishes them. */
const controlledSend = () => {
  const calls: Call[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const send = (indexes: readonly number[]) =>
    new Promise<ReadonlyMap<number, EntryOutcome>>((resolve) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const call: Call = {
        indexes,
        finished: false,
        finish: (outcome = accepted) => {
          if (call.finished) return;
          call.finished = true;
          inFlight -= 1;
          resolve(new Map(indexes.map((index) => [index, outcome(index)])));
        },
      };
      calls.push(call);
    });
  return { calls, send, maxInFlight: () => maxInFlight };
};

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Finishes every call in flight, and those they unblock, until none is left. */
const finishEverything = async (sender: ReturnType<typeof controlledSend>) => {
  for (let pending = sender.calls.filter((call) => !call.finished); pending.length > 0; ) {
    for (const call of pending) call.finish();
    await flush();
    pending = sender.calls.filter((call) => !call.finished);
  }
};

const groupsOf = (groups: readonly string[]) => (index: number) => groups[index] ?? "";

describe("runPlan", () => {
  it("sends batches that share no group at once, up to the concurrency limit", async () => {
    // Arrange: 10 groups of 10 entries: 10 independent batches
    const groups = Array.from({ length: 100 }, (_, index) => `g${Math.floor(index / 10)}`);
    const plan = planBatches(groups.map((groupId) => ({ groupId, sizeBytes: 10 })));
    const sender = controlledSend();
    // Act
    const done = runPlan(plan, { maxInFlight: 3, groupOf: groupsOf(groups), send: sender.send });
    await flush();
    // Assert: 3 start at once, the next starts as soon as one finishes
    expect(sender.calls).toHaveLength(3);
    sender.calls[1]?.finish();
    await flush();
    expect(sender.calls).toHaveLength(4);
    await finishEverything(sender);
    const outcomes = await done;
    expect(outcomes.size).toBe(100);
    expect(sender.maxInFlight()).toBe(3);
  });

  it("never has two batches of the same group in flight; the later one waits", async () => {
    // Arrange: group "a" with 15 entries (2 chained batches), and group "b" with 5 (independent)
    const groups = [...Array(15).fill("a"), ...Array(5).fill("b")];
    const plan = planBatches(groups.map((groupId) => ({ groupId, sizeBytes: 10 })));
    expect(plan.map((batch) => batch.dependsOn)).toEqual([[], [0]]);
    const sender = controlledSend();
    // Act
    const done = runPlan(plan, { maxInFlight: 10, groupOf: groupsOf(groups), send: sender.send });
    await flush();
    // Assert: only the first batch is in flight until it finishes
    expect(sender.calls.map((call) => call.indexes.length)).toEqual([10]);
    sender.calls[0]?.finish();
    await flush();
    expect(sender.calls).toHaveLength(2);
    sender.calls[1]?.finish();
    const outcomes = await done;
    expect([...outcomes.values()].every((outcome) => outcome.status === "accepted")).toBe(true);
  });

  it("runs a group's chain while other groups' batches go alongside", async () => {
    // Arrange: "a" with 20 entries (2 chained batches) and 3 groups of 10 (independent batches)
    const groups = [
      ...Array(20).fill("a"),
      ...Array(10).fill("b"),
      ...Array(10).fill("c"),
      ...Array(10).fill("d"),
    ];
    const plan = planBatches(groups.map((groupId) => ({ groupId, sizeBytes: 10 })));
    const sender = controlledSend();
    // Act
    const done = runPlan(plan, { maxInFlight: 10, groupOf: groupsOf(groups), send: sender.send });
    await flush();
    // Assert: a's first batch, b, c and d are in flight; a's second batch is not
    expect(sender.calls.map((call) => groups[call.indexes[0] ?? -1])).toEqual(["a", "b", "c", "d"]);
    for (const call of [...sender.calls]) call.finish();
    await flush();
    expect(sender.calls.map((call) => groups[call.indexes[0] ?? -1])).toEqual(["a", "b", "c", "d", "a"]);
    sender.calls[4]?.finish();
    expect((await done).size).toBe(50);
  });

  it("does not send a group's later entries once one of its entries failed, but sends the other groups", async () => {
    // Arrange: "a" with 12 entries (batches 0 and 1) and "b" with 3 entries packed into batch 1 behind a's tail
    const groups = [...Array(12).fill("a"), ...Array(3).fill("b")];
    const plan = planBatches(groups.map((groupId) => ({ groupId, sizeBytes: 10 })));
    expect(plan.map((batch) => batch.groups)).toEqual([["a"], ["a", "b"]]);
    const sender = controlledSend();
    // Act: the first batch fails
    const done = runPlan(plan, { maxInFlight: 10, groupOf: groupsOf(groups), send: sender.send });
    await flush();
    sender.calls[0]?.finish(() => refused);
    await flush();
    sender.calls[1]?.finish();
    const outcomes = await done;
    // Assert: a's tail is not sent (order preserved) and b is
    expect(sender.calls[1]?.indexes).toEqual([12, 13, 14]);
    expect(outcomes.get(10)).toMatchObject({
      status: "failed",
      error: { code: "NOT_SENT_ORDER_PRESERVED", retryable: true },
    });
    expect(outcomes.get(11)).toMatchObject({ status: "failed", error: { code: "NOT_SENT_ORDER_PRESERVED" } });
    expect(outcomes.get(12)).toMatchObject({ status: "accepted" });
  });

  it("skips the call when every entry of a batch is held back", async () => {
    // Arrange
    const groups = Array(15).fill("a");
    const plan = planBatches(groups.map((groupId) => ({ groupId, sizeBytes: 10 })));
    const sender = controlledSend();

    // Act: SQS refuses the last entry of the first batch
    const done = runPlan(plan, { maxInFlight: 10, groupOf: groupsOf(groups), send: sender.send });
    await flush();
    sender.calls[0]?.finish((index) => (index === 9 ? refused : accepted(index)));
    const outcomes = await done;

    // Assert
    expect(sender.calls).toHaveLength(1);
    expect(outcomes.get(8)?.status).toBe("accepted");
    expect(outcomes.get(14)).toMatchObject({ error: { code: "NOT_SENT_ORDER_PRESERVED" } });
  });

  it("reports an entry the sender left out as failed with an unknown outcome", async () => {
    // Arrange
    const plan = planBatches([
      { groupId: "a", sizeBytes: 1 },
      { groupId: "a", sizeBytes: 1 },
    ]);

    // Act
    const outcomes = await runPlan(plan, {
      maxInFlight: 1,
      groupOf: () => "a",
      send: async () => new Map([[0, accepted(0)]]),
    });

    // Assert
    expect(outcomes.get(1)).toMatchObject({
      status: "failed",
      error: { code: "SEND_FAILED", retryable: true },
    });
  });

  it("resolves at once for an empty plan", async () => {
    expect((await runPlan([], { maxInFlight: 1, groupOf: () => "", send: async () => new Map() })).size).toBe(
      0,
    );
  });
});
