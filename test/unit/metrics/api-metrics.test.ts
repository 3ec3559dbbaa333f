import { describe, expect, it } from "vitest";
import { apiRequestMetrics } from "../../../functions/core/metrics/api-metrics";

const line = (fields: Record<string, unknown>) => ({ method: "POST", queue: "orders", count: 0, ...fields });

describe("API metrics (one EMF line per request that moved messages)", () => {
  it.each([
    [{ route: "/queues/{queue}/messages", status: 202, count: 1 }, { Published: 1 }],
    [
      { route: "/queues/{queue}/messages/batch", status: 200, count: 5, accepted: 4, failed: 1 },
      { Published: 4 },
    ],
    [
      { route: "/queues/{queue}/messages", status: 202, count: 1, scheduled: 1 },
      { Published: 1, Scheduled: 1 },
    ],
    [
      { route: "/queues/{queue}/messages/batch", status: 200, count: 5, accepted: 5, scheduled: 3 },
      { Published: 5, Scheduled: 3 },
    ],
    [{ route: "/queues/{queue}/dead-letters/{id}/redrive", status: 202, count: 1 }, { Redriven: 1 }],
    [{ route: "/queues/{queue}/dead-letters/redrive", status: 202, count: 7 }, { Redriven: 7 }],
  ])("%o counts %o", (fields, expected) => {
    expect(apiRequestMetrics("FifoqProd", line(fields), 5)).toMatchObject({
      ...expected,
      stack: "FifoqProd",
      queue: "orders",
      _aws: { Timestamp: 5, CloudWatchMetrics: [{ Namespace: "fifoq" }] },
    });
  });

  it.each([
    ["a refused publish", { route: "/queues/{queue}/messages", status: 400 }],
    ["an unknown queue", { route: "/queues/{queue}/messages", status: 404, queue: "nope" }],
    ["a batch with nothing accepted", { route: "/queues/{queue}/messages/batch", status: 200, accepted: 0 }],
    ["a read", { method: "GET", route: "/queues", status: 200, queue: null }],
    ["no route", { route: undefined, status: 404 }],
  ])("writes nothing for %s", (_what, fields) => {
    expect(apiRequestMetrics("FifoqProd", line(fields), 5)).toBeUndefined();
  });
});
