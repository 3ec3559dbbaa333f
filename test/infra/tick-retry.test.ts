import { Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { queueConfig, testConfig, useBuiltStack } from "./support/fifoq-test-stack";

const schedule = (name: string, queue: string) => ({
  name,
  cron: "0 3 * * *",
  queue,
  groupId: "ticks",
  body: { run: name },
});

/** Two queues: one keeping idempotency records 10 minutes, one with idempotency off (SQS's 5-minute dedup only). */
const config = testConfig({
  queues: [
    queueConfig({ name: "orders", idempotencyWindowSeconds: 600 }),
    queueConfig({ name: "audit", idempotencyWindowSeconds: false }),
    queueConfig({ name: "billing" }),
  ],
  schedules: [
    schedule("on-orders", "orders"),
    schedule("on-audit", "audit"),
    schedule("on-billing", "billing"),
  ],
});

describe("cron schedules' retries never outlast the target queue's dedup (TimeSchedules)", () => {
  const built = useBuiltStack({ config });
  let template: Template;

  beforeAll(() => {
    template = Template.fromStack(Stack.of(built.stack.time));
  });

  it("bounds MaximumEventAgeInSeconds by the queue's idempotency window, SQS's 5 minutes, and Scheduler's 24 h", () => {
    // Act
    const ages = Object.fromEntries(
      Object.values(template.findResources("AWS::Scheduler::Schedule")).map((resource) => [
        resource.Properties.Name,
        resource.Properties.Target.RetryPolicy,
      ]),
    );

    // Assert
    expect(ages).toEqual({
      "on-orders": { MaximumEventAgeInSeconds: 600, MaximumRetryAttempts: 185 },
      "on-audit": { MaximumEventAgeInSeconds: 300, MaximumRetryAttempts: 185 },
      "on-billing": { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
    });
  });
});
