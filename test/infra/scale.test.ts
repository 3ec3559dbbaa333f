import { Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { queueConfig, testConfig, useBuiltStack } from "./support/fifoq-test-stack";
import { functionProps, renderTokens } from "./support/template-queries";

/** CloudFormation's quotas per template. */
const MAX_RESOURCES = 500;
const MAX_OUTPUTS = 200;
const MAX_PARAMETERS = 200;

const QUEUE_COUNT = 50;
const names = Array.from(
  { length: QUEUE_COUNT },
  (_, index) => `queue-${String(index + 1).padStart(2, "0")}`,
);

/** The longest partition, region and account id, so a policy's size is its largest in any partition. */
const LONGEST: Record<string, string> = {
  "AWS::Partition": "aws-us-gov",
  "AWS::Region": "ap-southeast-5",
  "AWS::AccountId": "123456789012",
};

/** A value as CloudFormation resolves it (`Fn::Join` joined, pseudo parameters at their longest). */
const resolved = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(resolved);
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  const join = record["Fn::Join"] as [string, unknown[]] | undefined;
  if (join) return join[1].map(resolved).join(join[0]);
  if (typeof record.Ref === "string") return LONGEST[record.Ref] ?? record.Ref;
  return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, resolved(inner)]));
};

/**
 * Checks the API's managed queue policies (at most 10 on a role, each at most 6,144 characters as IAM counts
 * them) and returns the source queues they let the API send to.
 */
const grantedQueues = (template: Template): string[] => {
  const policies = Object.values(template.findResources("AWS::IAM::ManagedPolicy"));
  expect(policies.length).toBeLessThanOrEqual(10);
  for (const policy of policies) {
    expect(JSON.stringify(resolved(policy.Properties.PolicyDocument)).length).toBeLessThan(6144);
  }
  return policies.flatMap((policy) =>
    (policy.Properties.PolicyDocument.Statement as { Sid: string; Resource: unknown[] }[])
      .filter((statement) => statement.Sid === "SendToSourceQueues")
      .flatMap((statement) => statement.Resource.map(renderTokens)),
  );
};

const resourceCount = (template: Template): number => Object.keys(template.toJSON().Resources ?? {}).length;

describe(`an app of ${QUEUE_COUNT} queues`, () => {
  // Arrange: 50 queues with the longest names a realistic app uses; Act: the stack is synthesized
  const built = useBuiltStack({
    config: testConfig({ queues: names.map((name) => queueConfig({ name: `${name}-order-events` })) }),
  });

  it("synthesizes with every template under CloudFormation's 500 resources and 200 outputs", () => {
    // Arrange
    const dashboards = built.stack.dashboard.dashboards.map((page) => Template.fromStack(Stack.of(page)));
    const templates = [
      built.template(),
      ...built.stack.queueStacks.map((stack) => Template.fromStack(stack)),
      ...dashboards,
    ];

    // Assert
    expect(templates).toHaveLength(QUEUE_COUNT + 2);
    for (const template of templates) {
      expect(resourceCount(template)).toBeLessThan(MAX_RESOURCES);
      expect(Object.keys(template.toJSON().Outputs ?? {}).length).toBeLessThan(MAX_OUTPUTS);
      expect(Object.keys(template.toJSON().Parameters ?? {}).length).toBeLessThan(MAX_PARAMETERS);
    }
  });

  it("puts each queue in a nested stack of its own, the app stack holding one resource per queue", () => {
    // Arrange
    const root = built.template();

    // Assert
    // one nested stack per queue, one for the dashboard, one for delayed messages and schedules
    root.resourceCountIs("AWS::CloudFormation::Stack", QUEUE_COUNT + 2);
    root.resourceCountIs("AWS::SQS::Queue", 0);
    const perQueue = built.stack.queueStacks.map((stack) => resourceCount(Template.fromStack(stack)));
    expect(new Set(perQueue)).toEqual(new Set([perQueue[0]]));
    expect(resourceCount(root)).toBeLessThan(QUEUE_COUNT + 60);
    // CloudFormation takes templates of at most 1 MB: the app stack grows by about 2.1 KB per queue (a nested
    // stack and its parameters: the two tables' and the payload bucket's ARN and name)
    expect(JSON.stringify(root.toJSON()).length).toBeLessThan(110 * 1024);
  });

  it("keeps the API function's environment far below Lambda's 4 KB: the queue list is bundled, not set", () => {
    // Arrange
    const variables = (
      functionProps(built.template(), "fifoq producer and dead-letter API").Environment as {
        Variables: Record<string, unknown>;
      }
    ).Variables;

    // Act
    const size = Object.entries(variables).reduce(
      (sum, [key, value]) => sum + key.length + renderTokens(value).length,
      0,
    );

    // Assert: a fixed set of names (queue URL prefix, three tables, Scheduler, keys), whatever the queue count;
    // 1.5 KB leaves 2.5 KB of Lambda's 4 KB for what comes next
    expect(size).toBeLessThan(1536);
  });

  it("grants the API its queues in managed policies that each stay within IAM's 6,144 characters", () => {
    expect(grantedQueues(built.template())).toHaveLength(QUEUE_COUNT);
  });
});

describe(`${QUEUE_COUNT} queues whose dead-letter queue names take all of SQS's 80 characters`, () => {
  // Arrange: a 30-character stack name and 40-character queue names: `<stack>-<name>-dlq.fifo` is 80
  const built = useBuiltStack({
    config: testConfig({
      queues: names.map((name) => queueConfig({ name: `${name}-${"x".repeat(40 - name.length - 1)}` })),
    }),
    props: { stackName: "FifoqProductionEuropeWest1Blue" },
  });

  it("still fits the API's queue access into IAM's managed-policy limits", () => {
    // Assert: every policy stays within its limits and every queue is granted
    const granted = grantedQueues(built.template());
    expect(granted).toHaveLength(QUEUE_COUNT);
    expect(granted.every((arn) => arn.endsWith(".fifo") && arn.split(":").at(-1)?.length === 76)).toBe(true);
  });
});
