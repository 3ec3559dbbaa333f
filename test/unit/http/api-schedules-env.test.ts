import { describe, expect, it } from "vitest";
import { parseApiEnv } from "../../../functions/api/env";
import { resolveSchedules } from "../../../functions/core/config/schedules";
import { scheduleCatalog } from "../../../functions/core/env/function-environments";
import { InvalidEnvError } from "../../../functions/core/errors";

const BASE = {
  FIFOQ_QUEUES: JSON.stringify({ orders: { contentBasedDeduplication: false } }),
  FIFOQ_QUEUE_URL_PREFIX: "https://sqs.eu-west-1.amazonaws.com/111122223333/Fifoq-",
  FIFOQ_DEAD_LETTER_TABLE: "dead-letters",
};
const TIME = {
  FIFOQ_SCHEDULED_TABLE: "Fifoq-scheduled",
  FIFOQ_DELAY_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/111122223333/Fifoq-delay",
  FIFOQ_DELAY_QUEUE_ARN: "arn:aws:sqs:eu-west-1:111122223333:Fifoq-delay",
  FIFOQ_SCHEDULER_GROUP: "Fifoq",
  FIFOQ_SCHEDULER_ROLE_ARN: "arn:aws:iam::111122223333:role/Fifoq-scheduler",
};
const TICKS = {
  FIFOQ_TICK_TARGET_ARN: "arn:aws:lambda:eu-west-1:111122223333:function:Fifoq-release",
  FIFOQ_TICK_DLQ_ARN: "arn:aws:sqs:eu-west-1:111122223333:Fifoq-tick-dlq",
};

const declared = resolveSchedules(
  [
    {
      name: "nightly",
      cron: "0 3 * * *",
      timezone: "Europe/Berlin",
      queue: "orders",
      groupId: "g",
      body: { a: 1 },
    },
  ],
  ["orders"],
);

describe("parseApiEnv: recurring schedules", () => {
  it("reads the bundled configured schedules back through the configuration's validator", () => {
    // Act
    const env = parseApiEnv({ ...BASE, FIFOQ_SCHEDULES: scheduleCatalog(declared) });

    // Assert
    expect(env.schedules.declared).toEqual(declared);
  });

  it("refuses a bundled schedule the validator refuses, naming the variable and the field", () => {
    // Arrange
    const bad = JSON.stringify([{ name: "x", cron: "61 * * * *", queue: "orders", groupId: "g", body: 1 }]);

    // Act
    const read = () => parseApiEnv({ ...BASE, FIFOQ_SCHEDULES: bad });

    // Assert
    expect(read).toThrow(InvalidEnvError);
    expect(read).toThrow(/FIFOQ_SCHEDULES: .*schedule "x": cron/);
  });

  it("targets ticks at the release function, in the Scheduler group with its role, when all are set", () => {
    // Arrange: the queue's idempotency window bounds how long a tick is retried
    const queues = {
      orders: { contentBasedDeduplication: false, dedupScope: "queue", idempotencyWindowSeconds: 900 },
    };

    // Act
    const env = parseApiEnv({ ...BASE, ...TIME, ...TICKS, FIFOQ_QUEUES: JSON.stringify(queues) });

    // Assert
    expect(env.schedules.tickTarget).toEqual({
      groupName: "Fifoq",
      roleArn: TIME.FIFOQ_SCHEDULER_ROLE_ARN,
      functionArn: TICKS.FIFOQ_TICK_TARGET_ARN,
      deadLetterArn: TICKS.FIFOQ_TICK_DLQ_ARN,
      idempotencyWindows: { orders: 900 },
    });
  });

  it("has no tick target without the Scheduler group, and refuses one tick ARN without the other", () => {
    // Act
    const withoutGroup = parseApiEnv({ ...BASE, ...TICKS });
    const half = () => parseApiEnv({ ...BASE, ...TIME, FIFOQ_TICK_TARGET_ARN: TICKS.FIFOQ_TICK_TARGET_ARN });

    // Assert
    expect(withoutGroup.schedules.tickTarget).toBeUndefined();
    expect(half).toThrow(/FIFOQ_TICK_DLQ_ARN is not set/);
  });
});
