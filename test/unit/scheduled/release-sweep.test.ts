import { describe, expect, it, vi } from "vitest";
import { createGroupTurns, createRecentlySent } from "../../../functions/core/scheduled/group-turns";
import { type ReleaseDeps, releaseScheduled } from "../../../functions/core/scheduled/release";
import { scheduleMessage } from "../../../functions/core/scheduled/schedule-message";
import type { ScheduledMessage } from "../../../functions/core/scheduled/types";
import { useFakeClock } from "../../support/fake-clock";
import { createInMemoryScheduledStore } from "../../support/in-memory-scheduled-store";

const NOW = 1_800_000_000_000;

const setup = () => {
  const store = createInMemoryScheduledStore();
  const sent: string[] = [];
  let counter = 0;
  const deps: ReleaseDeps & { randomId: () => string } = {
    store,
    trigger: { arm: async () => undefined },
    sender: {
      send: async (record: ScheduledMessage) => ({ messageId: `m-${sent.push(record.dedupId)}` }),
    },
    now: () => Date.now(),
    sleep: async (ms) => void vi.setSystemTime(Date.now() + ms),
    randomId: () => String(counter++).padStart(16, "0"),
    groupTurns: createGroupTurns(),
    recentlySent: createRecentlySent(),
  };
  const schedule = async (dedupId: string, releaseAt: number) => {
    const receipt = await scheduleMessage(
      "orders",
      {
        message: { body: "{}", groupId: "g", dedupId, attributes: {}, sizeBytes: 2 },
        releaseAt,
        batchIndex: 0,
      },
      { ...deps, store },
    );
    vi.setSystemTime(Date.now() + 1);
    return { queue: "orders", id: receipt.scheduledId };
  };
  return { deps, sent, schedule };
};

describe("a release sweeps its group's later messages that are already due", () => {
  useFakeClock(NOW, ["Date"]);

  it("sends them after its own, in due order, and their own releases then send nothing", async () => {
    // Arrange: three messages due in three seconds; the first one's release runs late, after all are due
    const { deps, sent, schedule } = setup();
    const a = await schedule("a", NOW + 5_000);
    const b = await schedule("b", NOW + 6_000);
    const c = await schedule("c", NOW + 7_000);
    vi.setSystemTime(NOW + 7_500);

    const reads: string[] = [];
    const counted = {
      ...deps,
      store: {
        ...deps.store,
        get: (ref: { queue: string; id: string }) => {
          reads.push(ref.id);
          return deps.store.get(ref);
        },
      },
    };

    // Act
    const first = await releaseScheduled(a, deps);
    const rest = [await releaseScheduled(c, counted), await releaseScheduled(b, counted)];

    // Assert: the later two were swept; their own releases read nothing
    expect(sent).toEqual(["a", "b", "c"]);
    expect(reads).toEqual([]);
    expect(first).toBe("released");
    expect(rest).toEqual(["already-released", "already-released"]);
  });

  it("never sends ahead of a message of the same second that must still wait, and never one not due", async () => {
    // Arrange: early-published "wait" falls due at .900, later-published "go" at .100 of the same second
    const { deps, sent, schedule } = setup();
    const first = await schedule("first", NOW + 5_050);
    await schedule("wait", NOW + 6_900);
    await schedule("go", NOW + 6_100);
    vi.setSystemTime(NOW + 6_200);

    // Act
    await releaseScheduled(first, deps);

    // Assert
    expect(sent).toEqual(["first"]);
  });
  it("waits out the same second for a message published before it, and sends that one first", async () => {
    // Arrange: early-published "wait" falls due at .900, later-published "go" at .100 of the same second
    const { deps, sent, schedule } = setup();
    await schedule("wait", NOW + 6_900);
    const go = await schedule("go", NOW + 6_100);
    vi.setSystemTime(NOW + 6_100);
    const holds: [string, number][] = [];
    const onReleased: ReleaseDeps["onReleased"] = (record, _lateness, hold) =>
      void holds.push([record.dedupId, hold]);

    // Act
    const result = await releaseScheduled(go, { ...deps, onReleased });

    // Assert: publish order within the second, neither sent before its own time, and "go" told it was held 800 ms
    expect(result).toBe("released");
    expect(sent).toEqual(["wait", "go"]);
    expect(Date.now()).toBeGreaterThanOrEqual(NOW + 6_900);
    expect(holds).toEqual([
      ["wait", 0],
      ["go", 800],
    ]);
  });
});
