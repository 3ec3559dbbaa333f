import { describe, expect, it } from "vitest";
import { listQueues } from "../../../functions/core/producer/list-queues";
import { findQueueTarget } from "../../../functions/core/producer/queues";
import type { QueueStatsReader } from "../../../functions/core/producer/types";
import { queueTarget } from "./fakes";

const stats: QueueStatsReader = {
  depth: async (url) => (url.includes("dlq") ? { visible: 2, inFlight: 1 } : { visible: 7, inFlight: 3 }),
};

describe("listQueues", () => {
  it("reports depth and in-flight from the queue", async () => {
    expect(await listQueues([queueTarget()], { stats, deadLetterCount: async () => 2 })).toEqual([
      { name: "orders", depth: 7, inFlight: 3, deadLetters: 2 },
    ]);
  });

  it("takes the dead-letter count from the counter", async () => {
    // Act
    const result = await listQueues([queueTarget(), queueTarget({ name: "billing" })], {
      stats,
      deadLetterCount: async (queue) => (queue.name === "billing" ? 11 : 0),
    });

    // Assert
    expect(result.map((queue) => [queue.name, queue.deadLetters])).toEqual([
      ["orders", 0],
      ["billing", 11],
    ]);
  });
});

describe("findQueueTarget", () => {
  const registry = { orders: { url: "u", dlqUrl: "d", contentBasedDeduplication: true } };

  it("returns the configured queue with its name", () => {
    // Act and assert
    expect(findQueueTarget(registry, "orders")).toEqual({
      name: "orders",
      url: "u",
      dlqUrl: "d",
      contentBasedDeduplication: true,
    });
  });

  it.each(["billing", "constructor", "__proto__"])(
    "refuses %s with QUEUE_NOT_FOUND naming the configured queues",
    (name) => {
      // Act and assert
      expect(() => findQueueTarget(registry, name)).toThrow(
        expect.objectContaining({
          code: "QUEUE_NOT_FOUND",
          status: 404,
          message: expect.stringContaining("orders"),
        }),
      );
    },
  );
});
