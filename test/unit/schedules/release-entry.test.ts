import { describe, expect, it } from "vitest";
import type { MessageSender, OutgoingMessage } from "../../../functions/core/producer/types";
import { createReleaseEntry } from "../../../functions/release/create-release-entry";
import { createInMemoryScheduledStore } from "../../support/in-memory-scheduled-store";
import { createInMemoryScheduleStore } from "../../support/in-memory-schedules";
import { createMemoryLogger } from "../../support/memory-logger";
import { offlineQueue } from "../../support/offline-api-deps";

const tickEvent = (origin?: "api") => ({
  fifoqTick: {
    name: "nightly",
    queue: "orders",
    groupId: "g",
    body: "{}",
    attributes: {},
    scheduledTime: "2027-02-01T03:00:00Z",
    ...(origin ? { origin } : {}),
  },
});

/** The release function's entry on in-memory ports; what ticks publish is kept. */
const setup = () => {
  const schedules = createInMemoryScheduleStore();
  const published: OutgoingMessage[] = [];
  const tickSender: MessageSender = {
    send: async (_url, message) => {
      published.push(message);
      return { messageId: `m-${published.length}`, sequenceNumber: "1" };
    },
    sendBatch: async () => {
      throw new Error("a tick sends one message");
    },
  };
  const entry = createReleaseEntry({
    store: createInMemoryScheduledStore(),
    trigger: { arm: async () => undefined },
    sender: { send: async () => ({ messageId: "r-1" }) },
    now: () => Date.UTC(2027, 1, 1, 3),
    sleep: async () => undefined,
    logger: createMemoryLogger(),
    schedules,
    tickSender,
    queues: { orders: offlineQueue() },
  });
  return { entry, schedules, published };
};

describe("the release function's entry (Lambda and local)", () => {
  it("publishes a configured schedule's tick once per tick, and nothing while it is paused", async () => {
    // Arrange
    const { entry, schedules, published } = setup();

    // Act
    await entry(tickEvent());
    await schedules.setPaused("nightly", "config", true, 0);
    await entry(tickEvent());

    // Assert
    expect(published.map((message) => message.dedupId)).toEqual(["fifoq-tick-nightly-20270201T030000Z"]);
  });

  it("publishes nothing for a tick of a deleted API-managed schedule, and still answers SQS events", async () => {
    // Arrange
    const { entry, published } = setup();

    // Act
    const tick = await entry(tickEvent("api"));
    const releases = await entry({ Records: [] });

    // Assert
    expect(tick).toBeUndefined();
    expect(published).toEqual([]);
    expect(releases).toEqual({ batchItemFailures: [] });
  });
});
