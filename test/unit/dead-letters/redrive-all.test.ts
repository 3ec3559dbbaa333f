import { describe, expect, it } from "vitest";
import { redriveAll } from "../../../functions/core/dead-letters/redrive-all";
import type { DeadLetterRecord } from "../../../functions/core/dead-letters/types";
import {
  createMemoryDeadLetterStore,
  createMemoryRedriveSender,
  deadLetterRecordFactory,
} from "../../factories/dead-letters";
import { createMemoryLogger } from "../../support/memory-logger";

/** `count` records spread round-robin over `groups` groups, oldest first. */
const seed = (count: number, groups: number): DeadLetterRecord[] =>
  Array.from({ length: count }, (_, i) =>
    deadLetterRecordFactory({ id: `r-${i}`, groupId: `g-${i % groups}` }),
  );

const setup = (records: DeadLetterRecord[], failWhen?: (id: string) => boolean) => {
  const store = createMemoryDeadLetterStore(records);
  const sender = createMemoryRedriveSender(failWhen ? (message) => failWhen(message.id) : undefined);
  const logger = createMemoryLogger();
  return { store, sender, logger, deps: { store, sender, logger, now: Date.now, pageSize: 30 } };
};

describe("redriveAll", () => {
  it("pages through every new record and redrives each once, oldest first within each group", async () => {
    // Arrange
    const { store, sender, deps } = setup(seed(250, 7));

    // Act
    const result = await redriveAll({ queue: "orders" }, deps);

    // Assert
    expect(result).toEqual({ redriven: 250, failed: 0, more: false, uncertain: [] });
    expect(sender.sent).toHaveLength(250);
    const g3 = sender.sent.filter((m) => m.groupId === "g-3").map((m) => Number(m.id.slice(2)));
    expect(g3).toEqual([...g3].sort((a, b) => a - b));
    expect(store.listCalls.every((call) => call.order === "oldest")).toBe(true);
    expect(store.listCalls.map((call) => call.status)).toEqual([
      "redriving",
      ...store.listCalls.slice(1).map(() => "new"),
    ]);
    expect(store.listCalls.length).toBeGreaterThanOrEqual(9);
  });

  it("moves nothing on a second call", async () => {
    // Arrange
    const { sender, deps } = setup(seed(40, 3));
    await redriveAll({ queue: "orders" }, deps);

    // Act
    const second = await redriveAll({ queue: "orders" }, deps);

    // Assert
    expect(second).toEqual({ redriven: 0, failed: 0, more: false, uncertain: [] });
    expect(sender.sent).toHaveLength(40);
  });

  it("redrives only the asked group", async () => {
    // Arrange
    const { sender, deps } = setup(seed(30, 3));

    // Act
    const result = await redriveAll({ queue: "orders", groupId: "g-1" }, deps);

    // Assert
    expect(result.redriven).toBe(10);
    expect(new Set(sender.sent.map((m) => m.groupId))).toEqual(new Set(["g-1"]));
  });

  it("stops a group at its first failure so nothing overtakes it, and goes on with other groups", async () => {
    // Arrange: r-4 is in g-1 (4 % 3); later g-1 records are r-7, r-10, ...
    const { store, sender, deps, logger } = setup(seed(60, 3), (id) => id === "r-4");

    // Act
    const result = await redriveAll({ queue: "orders" }, deps);

    // Assert
    expect(result).toEqual({ redriven: 41, failed: 19, more: false, uncertain: [] });
    const g1 = sender.sent.filter((m) => m.groupId === "g-1").map((m) => m.id);
    expect(g1).toEqual(["r-1"]);
    expect(store.records.get("r-7")?.status).toBe("new");
    expect(logger.lines.some((line) => line.id === "r-4" && line.groupId === "g-1")).toBe(true);
  });

  it("skips records that are no longer new and leaves discarded ones alone", async () => {
    // Arrange
    const records = seed(5, 1).map((r, i) => (i === 2 ? { ...r, status: "discarded" as const } : r));
    const { sender, deps } = setup(records);

    // Act
    const result = await redriveAll({ queue: "orders" }, deps);

    // Assert
    expect(result.redriven).toBe(4);
    expect(sender.sent.map((m) => m.id)).toEqual(["r-0", "r-1", "r-3", "r-4"]);
  });

  it("starts no new page after the deadline and says there is more", async () => {
    // Arrange
    let clock = 1_000;
    const { deps } = setup(seed(90, 3));
    const now = () => clock;
    const ticking = { ...deps, now, deadlineMs: 1_900, pageSize: 30 }; // the redriving pass takes one list
    const store = ticking.store;
    const list = store.list;
    store.list = async (queue, options) => {
      clock += 400;
      return list(queue, options);
    };

    // Act
    const result = await redriveAll({ queue: "orders" }, ticking);

    // Assert
    expect(result).toEqual({ redriven: 60, failed: 0, more: true, uncertain: [] });
  });
});
