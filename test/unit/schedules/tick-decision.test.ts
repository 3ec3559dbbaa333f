import { describe, expect, it } from "vitest";
import { resolveSchedules } from "../../../functions/core/config/schedules";
import type { MessageSender, OutgoingMessage } from "../../../functions/core/producer/types";
import { parseTickEvent } from "../../../functions/core/schedules/eventbridge-cron";
import { decideTick, runTick } from "../../../functions/core/schedules/tick-decision";
import type { ScheduleRecord } from "../../../functions/core/schedules/types";
import { createInMemoryScheduleStore } from "../../support/in-memory-schedules";
import { createMemoryLogger } from "../../support/memory-logger";
import { offlineQueue } from "../../support/offline-api-deps";

const [stored] = resolveSchedules(
  [{ name: "weekday", cron: "0 9 * * 1-5", queue: "orders", groupId: "g2", body: { from: "record" } }],
  ["orders"],
);
if (!stored) throw new Error("no schedule");

const tickOf = (origin?: "api") => {
  const tick = parseTickEvent({
    fifoqTick: {
      name: "weekday",
      queue: "orders",
      groupId: "g1",
      body: '{"from":"event"}',
      attributes: {},
      scheduledTime: "2027-02-01T08:00:00Z",
      ...(origin ? { origin } : {}),
    },
  });
  if (!tick) throw new Error("not a tick");
  return tick;
};

const apiRecord = (paused: boolean): ScheduleRecord => ({
  origin: "api",
  name: "weekday",
  paused,
  definition: stored,
  updatedAt: 0,
});
const configRecord = (paused: boolean): ScheduleRecord => ({
  origin: "config",
  name: "weekday",
  paused,
  updatedAt: 0,
});

describe("decideTick", () => {
  it.each([
    ["a configured schedule without a record", undefined, undefined, "event"],
    ["a configured schedule resumed", undefined, configRecord(false), "event"],
    ["an API-managed schedule", "api", apiRecord(false), "record"],
  ] as const)("publishes %s (the definition from the %s)", (_what, origin, record, source) => {
    // Act
    const decision = decideTick(tickOf(origin), record);

    // Assert
    expect(decision).toMatchObject({ publish: { body: JSON.stringify({ from: source }) } });
  });

  it.each([
    ["a paused configured schedule", undefined, configRecord(true), "paused"],
    ["a paused API-managed schedule", "api", apiRecord(true), "paused"],
    ["a deleted API-managed schedule", "api", undefined, "deleted"],
    ["an API-managed tick whose name is now only configured", "api", configRecord(false), "deleted"],
  ] as const)("publishes nothing for %s", (_what, origin, record, reason) => {
    // Act
    const decision = decideTick(tickOf(origin), record);

    // Assert
    expect(decision).toEqual({ skip: reason });
  });
});

describe("runTick", () => {
  const setup = (record: ScheduleRecord | undefined) => {
    const store = createInMemoryScheduleStore();
    if (record) store.records.set(record.name, record);
    const sent: OutgoingMessage[] = [];
    const sender: MessageSender = {
      send: async (_url, message) => {
        sent.push(message);
        return { messageId: "m-1", sequenceNumber: "1" };
      },
      sendBatch: async () => {
        throw new Error("a tick sends one message");
      },
    };
    const logger = createMemoryLogger();
    const queues = { orders: offlineQueue() };
    return { deps: { store, sender, queues, logger }, sent, logger };
  };

  it("publishes nothing for a paused schedule and logs why", async () => {
    // Arrange
    const { deps, sent, logger } = setup(configRecord(true));

    // Act
    await runTick(tickOf(), deps);

    // Assert
    expect(sent).toEqual([]);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ message: "tick", outcome: "skipped", reason: "paused", schedule: "weekday" }),
    );
  });

  it("publishes an API-managed schedule's stored message with the tick's own dedupId", async () => {
    // Arrange
    const { deps, sent } = setup(apiRecord(false));

    // Act
    await runTick(tickOf("api"), deps);

    // Assert
    expect(sent).toEqual([
      expect.objectContaining({
        body: '{"from":"record"}',
        groupId: "g2",
        dedupId: "fifoq-tick-weekday-20270201T080000Z",
      }),
    ]);
  });
});
