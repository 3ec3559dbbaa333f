import { describe, expect, it } from "vitest";
import { InvalidConfigValueError } from "../../../functions/core/config/errors";
import type { QueueConfig } from "../../../functions/core/config/types";
import { resolveQueue } from "../../../functions/core/config/validate";

const queue = (overrides: Partial<Record<keyof QueueConfig, unknown>> = {}): QueueConfig =>
  ({ name: "orders", handler: "consumers/orders.ts", ...overrides }) as QueueConfig;

const resolve = (overrides: Partial<Record<keyof QueueConfig, unknown>> = {}) =>
  resolveQueue(queue(overrides), 0, "/app");

const refusal = (overrides: Partial<Record<keyof QueueConfig, unknown>>): InvalidConfigValueError => {
  try {
    resolve(overrides);
  } catch (error) {
    if (error instanceof InvalidConfigValueError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(overrides)}`);
};

describe("queue configuration: retry", () => {
  it("defaults to 1 s doubling up to 300 s", () => {
    expect(resolve().retry).toEqual({ minSeconds: 1, maxSeconds: 300 });
  });

  it("keeps false: failed records wait the visibility timeout", () => {
    expect(resolve({ retry: false }).retry).toBe(false);
  });

  it.each([
    [{ minSeconds: 5 }, { minSeconds: 5, maxSeconds: 300 }],
    [{ maxSeconds: 60 }, { minSeconds: 1, maxSeconds: 60 }],
    [{ minSeconds: 600 }, { minSeconds: 600, maxSeconds: 600 }],
    [
      { minSeconds: 2, maxSeconds: 2 },
      { minSeconds: 2, maxSeconds: 2 },
    ],
    [
      { minSeconds: 1, maxSeconds: 43_170 },
      { minSeconds: 1, maxSeconds: 43_170 },
    ],
  ])("fills in a field left out: %j → %j", (retry, expected) => {
    expect(resolve({ retry, retentionSeconds: 1_209_600, maxReceiveCount: 5 }).retry).toEqual(expected);
  });

  it("allows a backoff longer than the visibility timeout (nothing relies on an earlier return)", () => {
    // Act and assert
    expect(resolve({ retry: { minSeconds: 60, maxSeconds: 3600 } }).retry).toEqual({
      minSeconds: 60,
      maxSeconds: 3600,
    });
  });

  it.each([
    [{ retry: true }, "retry", "false or { minSeconds, maxSeconds }"],
    [{ retry: [1, 300] }, "retry", "false or { minSeconds, maxSeconds }"],
    [{ retry: { minSecond: 5 } }, "retry.minSecond", "only minSeconds and maxSeconds"],
    [{ retry: { minSeconds: 0 } }, "retry.minSeconds", "an integer from 1 to 43170"],
    [{ retry: { minSeconds: 1.5 } }, "retry.minSeconds", "an integer from 1 to 43170"],
    [{ retry: { minSeconds: "1" } }, "retry.minSeconds", "an integer from 1 to 43170"],
    [{ retry: { minSeconds: 10, maxSeconds: 5 } }, "retry.maxSeconds", "from retry.minSeconds (10) to 43170"],
    [{ retry: { maxSeconds: 43_200 } }, "retry.maxSeconds", "to 43170 (SQS's 43200-second visibility limit"],
    [
      { retry: { maxSeconds: 43_000 }, functionTimeoutSeconds: 900 },
      "retry.maxSeconds",
      "to 42300 (SQS's 43200-second visibility limit − functionTimeoutSeconds 900)",
    ],
  ])(
    "refuses %j, naming the queue, the field, the value and what is allowed",
    (overrides, field, allowed) => {
      // Act
      const error = refusal(overrides);

      // Assert
      expect(error.queue).toBe("orders");
      expect(error.field).toBe(field);
      expect(error.message).toMatch(/^fifoq config: queue "orders": retry/);
      expect(error.allowed).toContain(allowed);
    },
  );

  it("refuses a backoff whose waits outlast the retention: messages would expire before the dead-letter queue", () => {
    // Arrange: 10 failures wait 1+2+…+256+300 = 811 s, the queue keeps messages 600 s
    const overrides = { maxReceiveCount: 10, retentionSeconds: 600 };

    // Act
    const error = refusal(overrides);

    // Assert
    expect(error.field).toBe("retry.maxSeconds");
    expect(error.allowed).toContain("they add up to 811 s");
    expect(error.allowed).toContain("retentionSeconds (600)");
    expect(resolve({ ...overrides, retentionSeconds: 812 }).retry).toEqual({
      minSeconds: 1,
      maxSeconds: 300,
    });
  });

  it("accepts the default backoff with the largest maxReceiveCount at the default retention", () => {
    expect(resolve({ maxReceiveCount: 1000 }).retry).toEqual({ minSeconds: 1, maxSeconds: 300 });
  });
});
