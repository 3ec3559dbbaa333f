import { describe, expect, it } from "vitest";
import { InvalidConfigValueError } from "../../../functions/core/config/errors";
import { queueNames, SQS_QUEUE_NAME_LIMIT } from "../../../functions/core/config/physical-names";
import type { FifoqConfig } from "../../../functions/core/config/types";
import { resolveConfig } from "../../../functions/core/config/validate";

const resolve = (config: Partial<FifoqConfig>) =>
  resolveConfig({ queues: [{ name: "orders", handler: "orders.ts" }], ...config }, "/app", "test");

describe("stack-wide configuration", () => {
  it("defaults to API keys, no tracing and no alarm email", () => {
    // Act and assert
    expect(resolve({})).toMatchObject({
      api: { auth: "apiKey", rateLimit: 100, burstLimit: 200 },
      tracing: false,
      alarmEmail: undefined,
      removalPolicy: "retain",
    });
  });

  it("takes removalPolicy destroy for a stage whose data may go with it", () => {
    // Act and assert
    expect(resolve({ removalPolicy: "destroy" }).removalPolicy).toBe("destroy");
  });

  it("takes IAM authentication, tracing and an alarm email", () => {
    // Act and assert
    expect(resolve({ api: { auth: "iam" }, tracing: true, alarmEmail: " ops@example.com " })).toMatchObject({
      api: { auth: "iam" },
      tracing: true,
      alarmEmail: "ops@example.com",
    });
  });

  it.each([
    [{ api: { auth: "cognito" } }, 'queue "(api)": auth = "cognito" is not allowed; one of "apiKey", "iam"'],
    [{ tracing: "yes" }, 'queue "(config)": tracing = "yes" is not allowed; true or false'],
    [{ alarmEmail: "ops" }, 'queue "(config)": alarmEmail = "ops" is not allowed; one email address'],
    [
      { removalPolicy: "delete" },
      'queue "(config)": removalPolicy = "delete" is not allowed; "retain" (the default) or "destroy"',
    ],
  ])("refuses %o naming the field, the value and what is allowed", (config, message) => {
    expect(() => resolve(config as Partial<FifoqConfig>)).toThrow(InvalidConfigValueError);
    expect(() => resolve(config as Partial<FifoqConfig>)).toThrow(message);
  });
});

describe("queueNames (physical names)", () => {
  it("prefixes the queue and its dead-letter queue with the stack in AWS, and not locally", () => {
    // Act and assert
    expect(queueNames("orders", "FifoqProd")).toEqual({
      queue: "FifoqProd-orders.fifo",
      deadLetterQueue: "FifoqProd-orders-dlq.fifo",
    });
    expect(queueNames("orders")).toEqual({ queue: "orders.fifo", deadLetterQueue: "orders-dlq.fifo" });
  });

  it("accepts a dead-letter queue name of exactly 80 characters", () => {
    const stack = "S".repeat(SQS_QUEUE_NAME_LIMIT - "-q-dlq.fifo".length);
    expect(queueNames("q", stack).deadLetterQueue).toHaveLength(80);
  });

  it("refuses 81 characters, naming the queue, the stack and the limit", () => {
    // Arrange: a stack name one character too long for the dead-letter queue's name
    const stack = "S".repeat(SQS_QUEUE_NAME_LIMIT - "-q-dlq.fifo".length + 1);

    // Act and assert
    expect(() => queueNames("q", stack)).toThrow(
      new RegExp(`queue "q": .* in stack "${stack}" .* 81 characters, and SQS allows at most 80`),
    );
  });
});
