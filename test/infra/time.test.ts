import { Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { cronScheduleParams } from "../../functions/core/schedules/scheduler-params";
import { testConfig, useBuiltStack } from "./support/fifoq-test-stack";
import { functionId, permissionsOf, resourcesFor, statementsOf } from "./support/template-queries";

const RELEASE = "fifoq release of delayed messages and cron ticks";
const API = "fifoq producer and dead-letter API";

const config = testConfig({
  schedules: [
    {
      name: "daily-report",
      cron: "30 9 * * 1-5",
      timezone: "Europe/Berlin",
      queue: "orders",
      groupId: "reports",
      body: { kind: "daily" },
    },
  ],
});

/** `dynamodb:PutItem` → `PutItem`. */
const withoutService = (action: string): string => action.slice(action.indexOf(":") + 1);

describe("delayed messages and schedules in the stack (FifoqTime, TimeSchedules)", () => {
  const built = useBuiltStack({ config });
  /** The nested stack `Time` (table, queues, release function, Scheduler); the API is in the app stack. */
  let template: Template;
  let root: Template;

  beforeAll(() => {
    root = built.template();
    template = Template.fromStack(Stack.of(built.stack.time));
  });

  it("has a standard delay queue with a dead-letter queue, drained by the release function with ReportBatchItemFailures", () => {
    // Arrange
    const queues = template.findResources("AWS::SQS::Queue");
    const delay = Object.entries(queues).find(([id]) => id.includes("TimeDelayQueue"));

    // Assert
    expect(delay?.[1].Properties.FifoQueue).toBeUndefined();
    expect(delay?.[1].Properties.RedrivePolicy).toMatchObject({ maxReceiveCount: 10 });
    expect(delay?.[1].Properties.VisibilityTimeout).toBe(60);
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: functionId(template, RELEASE) },
      EventSourceArn: { "Fn::GetAtt": [delay?.[0], "Arn"] },
      FunctionResponseTypes: ["ReportBatchItemFailures"],
    });
  });

  it("keeps scheduled messages in their own table with the sparse group-order index and TTL", () => {
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      KeySchema: [
        { AttributeName: "queue", KeyType: "HASH" },
        { AttributeName: "id", KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: "byGroupDue" })],
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
    });
  });

  it("runs the configured cron in its time zone on Scheduler, with retries and a dead-letter queue for given-up ticks", () => {
    template.hasResourceProperties("AWS::Scheduler::Schedule", {
      Name: "daily-report",
      GroupName: "FifoqTest",
      ScheduleExpression: "cron(30 9 ? * 2-6 *)",
      ScheduleExpressionTimezone: "Europe/Berlin",
      FlexibleTimeWindow: { Mode: "OFF" },
      Target: Match.objectLike({
        Arn: { "Fn::GetAtt": [functionId(template, RELEASE), "Arn"] },
        RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
        DeadLetterConfig: { Arn: Match.anyValue() },
        Input: Match.stringLikeRegexp("<aws.scheduler.scheduled-time>"),
      }),
    });
    template.hasResourceProperties("AWS::Scheduler::ScheduleGroup", { Name: "FifoqTest" });
  });

  it("builds the configured schedule with the parameters the API's schedules get (one function), enabled", () => {
    // Arrange
    const [daily] = config.schedules;
    if (!daily) throw new Error("no schedule");
    const params = cronScheduleParams(
      daily,
      { origin: "config", paused: false },
      {
        groupName: "FifoqTest",
        functionArn: "f",
        roleArn: "r",
        deadLetterArn: "d",
        idempotencyWindows: { orders: 86_400 },
      },
    );

    // Act
    const [schedule] = Object.values(template.findResources("AWS::Scheduler::Schedule"));

    // Assert
    expect(schedule?.Properties).toMatchObject({
      Name: params.Name,
      ScheduleExpression: params.ScheduleExpression,
      State: "ENABLED",
      Target: { Input: params.Target.Input, RetryPolicy: params.Target.RetryPolicy },
    });
  });

  it("names the release function and the tick DLQ, and tells the API both ARNs as the ticks' target", () => {
    // Act
    const api = Object.values(root.findResources("AWS::Lambda::Function")).find(
      (fn) => fn.Properties.Description === API,
    );
    const variables = JSON.stringify(api?.Properties.Environment.Variables);

    // Assert
    template.hasResourceProperties("AWS::Lambda::Function", {
      Description: RELEASE,
      FunctionName: "FifoqTest-release",
    });
    template.hasResourceProperties("AWS::SQS::Queue", { QueueName: "FifoqTest-tick-dlq" });
    expect(variables).toMatch(/FIFOQ_TICK_TARGET_ARN.*function:FifoqTest-release/);
    expect(variables).toMatch(/FIFOQ_TICK_DLQ_ARN.*FifoqTest-tick-dlq/);
  });

  it("gives the Scheduler role only: send to the delay queue and the tick DLQ, invoke the release function", () => {
    // Arrange
    const roles = template.findResources("AWS::IAM::Role", {
      Properties: {
        AssumeRolePolicyDocument: {
          Statement: [Match.objectLike({ Principal: { Service: "scheduler.amazonaws.com" } })],
        },
      },
    });
    const [roleId] = Object.keys(roles);
    const policies = Object.values(template.findResources("AWS::IAM::Policy")).filter((policy) =>
      JSON.stringify(policy.Properties.Roles).includes(String(roleId)),
    );

    // Act
    const actions = policies.flatMap((policy) =>
      (policy.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).flatMap(
        (s) => s.Action,
      ),
    );

    // Assert
    expect(Object.keys(roles)).toHaveLength(1);
    expect(roles[String(roleId)]?.Properties.AssumeRolePolicyDocument.Statement[0].Condition).toMatchObject({
      StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } },
    });
    expect([...new Set(actions)].sort()).toEqual([
      "lambda:InvokeFunction",
      "sqs:GetQueueAttributes",
      "sqs:GetQueueUrl",
      "sqs:SendMessage",
    ]);
  });

  it("lets the API create one-time schedules in its group only, pass the Scheduler role, and write the scheduled table", () => {
    // Act
    const permissions = permissionsOf(root, API);
    const dynamo = statementsOf(root, API, "dynamodb:").flatMap((s) => s.actions.map(withoutService));

    // Assert
    for (const action of ["CreateSchedule", "UpdateSchedule", "DeleteSchedule"]) {
      expect(resourcesFor(permissions, `scheduler:${action}`)).toEqual([
        expect.stringMatching(/schedule\/FifoqTest\/\*/),
      ]);
    }
    expect(resourcesFor(permissions, "scheduler:GetSchedule")).toEqual([]);
    expect(resourcesFor(permissions, "iam:PassRole")).toHaveLength(1);
    expect(dynamo).toEqual(
      expect.arrayContaining(["PutItem", "UpdateItem", "GetItem", "Query", "DeleteItem"]),
    );
  });

  it("lets the release function send only to the configured queues and the delay queue, with no Scheduler right", () => {
    // Act
    const permissions = permissionsOf(template, RELEASE);

    // Assert
    expect(resourcesFor(permissions, "sqs:SendMessage").join(" ")).toContain("FifoqTest-orders.fifo");
    expect(permissions.some((p) => p.action.startsWith("scheduler:"))).toBe(false);
    expect(
      permissions.some((p) => p.action === "dynamodb:PutItem" || p.action === "dynamodb:DeleteItem"),
    ).toBe(false);
    expect(
      permissions
        .filter((p) => p.action.startsWith("dynamodb:"))
        .map((p) => p.action)
        .sort(),
    ).toEqual(["dynamodb:GetItem", "dynamodb:PartiQLSelect", "dynamodb:PartiQLUpdate", "dynamodb:Query"]);
  });

  it("alarms on given-up ticks, failed releases and release function errors", () => {
    for (const name of ["FifoqTest-ticks-gave-up", "FifoqTest-releases-failed", "FifoqTest-release-errors"]) {
      template.hasResourceProperties("AWS::CloudWatch::Alarm", { AlarmName: name, Threshold: 0 });
    }
  });
});
