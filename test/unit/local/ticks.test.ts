import { describe, expect, it, vi } from "vitest";
import type { OutgoingMessage } from "../../../functions/core/producer/types";
import { startLocalTicks } from "../../../local/scheduler/ticks";
import { useFakeClock } from "../../support/fake-clock";
import { createMemoryLogger } from "../../support/memory-logger";

const schedule = {
  name: "every-minute",
  cron: "* * * * *",
  timezone: "UTC",
  queue: "orders",
  groupId: "ticks",
  body: '{"tick":true}',
  attributes: {},
};

describe("the local stack's schedule timers", () => {
  useFakeClock(Date.UTC(2027, 0, 31, 9, 0, 30));

  it("publishes one message per tick, each with fifoq's own dedupId naming the schedule and the tick", async () => {
    // Arrange
    const sent: OutgoingMessage[] = [];
    const sender = {
      send: async (_url: string, message: OutgoingMessage) => {
        sent.push(message);
        return { messageId: String(sent.length), sequenceNumber: "1" };
      },
      sendBatch: async () => ({ successful: [], failed: [] }),
    };
    const queues = {
      orders: { url: "http://sqs/orders.fifo", dlqUrl: "x", contentBasedDeduplication: false },
    };

    // Act
    const ticks = startLocalTicks({ schedules: [schedule], sender, queues, logger: createMemoryLogger() });
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    ticks.stop();
    await vi.advanceTimersByTimeAsync(5 * 60_000);

    // Assert
    expect(sent.map((message) => message.dedupId)).toEqual([
      "fifoq-tick-every-minute-20270131T090100Z",
      "fifoq-tick-every-minute-20270131T090200Z",
      "fifoq-tick-every-minute-20270131T090300Z",
    ]);
    expect(sent[0]).toMatchObject({ groupId: "ticks", body: '{"tick":true}' });
  });
});
