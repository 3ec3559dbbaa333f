import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { queueConfig, type TestStack, testConfig, useBuiltStack } from "./support/fifoq-test-stack";
import { functionId, logicalIdOf, parameterRef, queueId, renderJoin } from "./support/template-queries";

type Json = Record<string, unknown>;

const config = testConfig({ queues: [queueConfig({ name: "orders" }), queueConfig({ name: "audit-log" })] });
const QUEUES = ["orders", "audit-log"] as const;
const SUFFIXES = ["dead-letters", "oldest-message-age", "consumer-errors", "recorder-errors"];

const alarmsIn = (template: Template): [string, Json][] =>
  Object.values(template.findResources("AWS::CloudWatch::Alarm")).map((alarm) => [
    alarm.Properties.AlarmName as string,
    alarm.Properties as Json,
  ]);

/** Every queue's alarms (each queue's nested stack has its own), by name. */
const alarms = (built: TestStack): Record<string, Json> =>
  Object.fromEntries(QUEUES.flatMap((queue) => alarmsIn(built.queueTemplate(queue))));

const queueNameOf = (id: string) => [{ Name: "QueueName", Value: { "Fn::GetAtt": [id, "QueueName"] } }];
const functionNameOf = (id: string) => [{ Name: "FunctionName", Value: { Ref: id } }];

/** What every fifoq alarm shares: one 5-minute period, and no data is not a breach. */
const SHARED = { EvaluationPeriods: 1, DatapointsToAlarm: 1, TreatMissingData: "notBreaching" };

describe("QueueAlarms without an alarm email", () => {
  const built = useBuiltStack({ config });
  let template: Template;
  let byName: Record<string, Json>;

  beforeAll(() => {
    template = built.template();
    byName = alarms(built);
  });

  it("names four alarms per queue after the stack and the queue", () => {
    expect(Object.keys(byName).sort()).toEqual(
      QUEUES.flatMap((queue) => SUFFIXES.map((suffix) => `FifoqTest-${queue}-${suffix}`)).sort(),
    );
  });

  it.each(QUEUES)("alarms when messages of %s are sent to, received from or waiting in its DLQ", (queue) => {
    // Arrange: the DLQ's metrics
    const dlq = queueId(built.queueTemplate(queue), `FifoqTest-${queue}-dlq.fifo`);
    const metric = (name: string, stat: string) => ({
      MetricStat: {
        Metric: { Namespace: "AWS/SQS", MetricName: name, Dimensions: queueNameOf(dlq) },
        Period: 300,
        Stat: stat,
      },
      ReturnData: false,
    });

    // Assert
    expect(byName[`FifoqTest-${queue}-dead-letters`]).toMatchObject({
      ...SHARED,
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      Metrics: [
        {
          Expression: "MAX([FILL(sent, 0), FILL(received, 0), FILL(visible, 0)])",
          ReturnData: true,
        },
        { Id: "sent", ...metric("NumberOfMessagesSent", "Sum") },
        { Id: "received", ...metric("NumberOfMessagesReceived", "Sum") },
        { Id: "visible", ...metric("ApproximateNumberOfMessagesVisible", "Maximum") },
      ],
    });
  });

  it.each(QUEUES)("alarms when the oldest message of %s (not of its DLQ) is older than 300 s", (queue) => {
    // Assert
    expect(byName[`FifoqTest-${queue}-oldest-message-age`]).toMatchObject({
      ...SHARED,
      Namespace: "AWS/SQS",
      MetricName: "ApproximateAgeOfOldestMessage",
      Dimensions: queueNameOf(queueId(built.queueTemplate(queue), `FifoqTest-${queue}.fifo`)),
      Statistic: "Maximum",
      Period: 300,
      Threshold: 300,
      ComparisonOperator: "GreaterThanThreshold",
    });
  });

  it.each([
    ["consumer-errors", "fifoq consumer of FifoqTest-orders.fifo"],
    ["recorder-errors", "fifoq dead-letter recorder of FifoqTest-orders-dlq.fifo"],
  ])("alarms on %s: any failed invocation of %s", (suffix, description) => {
    expect(byName[`FifoqTest-orders-${suffix}`]).toMatchObject({
      ...SHARED,
      Namespace: "AWS/Lambda",
      MetricName: "Errors",
      Dimensions: functionNameOf(functionId(built.queueTemplate("orders"), description)),
      Statistic: "Sum",
      Period: 300,
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
    });
  });

  it("creates no topic, subscription or key, and gives no alarm an action", () => {
    // Assert
    for (const type of ["AWS::SNS::Topic", "AWS::SNS::Subscription", "AWS::KMS::Key"]) {
      template.resourceCountIs(type, 0);
      for (const queue of QUEUES) built.queueTemplate(queue).resourceCountIs(type, 0);
    }
    for (const alarm of Object.values(byName)) expect(alarm.AlarmActions).toBeUndefined();
    expect(template.toJSON().Outputs.AlarmTopicArn).toBeUndefined();
  });

  it("outputs the pattern every alarm's name follows", () => {
    // Arrange
    const pattern = template.toJSON().Outputs.AlarmNames.Value as string;

    // Assert
    expect(pattern).toBe(`FifoqTest-<queue>-{${SUFFIXES.join(",")}}`);
    for (const name of Object.keys(byName)) {
      const [, queue, suffix] = /^FifoqTest-(orders|audit-log)-(.+)$/.exec(name) ?? [];
      expect(QUEUES).toContain(queue);
      expect(SUFFIXES).toContain(suffix);
    }
  });
});

describe("QueueAlarms with an alarm email and a threshold", () => {
  const built = useBuiltStack({
    config,
    props: { alarmEmail: "ops@example.com", oldestMessageAgeAlarmSeconds: 900 },
  });
  let template: Template;
  let topic: string;
  let key: string;

  beforeAll(() => {
    template = built.template();
    topic = logicalIdOf(template, "AWS::SNS::Topic", () => true);
    key = logicalIdOf(template, "AWS::KMS::Key", () => true);
  });

  it("subscribes the email to one topic encrypted with its own rotating key", () => {
    // Assert
    template.resourceCountIs("AWS::SNS::Subscription", 1);
    template.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: "ops@example.com",
      TopicArn: { Ref: topic },
    });
    template.hasResourceProperties("AWS::SNS::Topic", { KmsMasterKeyId: { "Fn::GetAtt": [key, "Arn"] } });
    template.hasResourceProperties("AWS::KMS::Key", { EnableKeyRotation: true });
  });

  it("points every alarm's action at the topic (a parameter of each queue's stack), and uses the threshold", () => {
    // Arrange
    const byName = alarms(built);

    // Assert: every alarm notifies the topic parameter of its queue's stack
    expect(Object.keys(byName)).toHaveLength(8);
    for (const [name, alarm] of Object.entries(byName)) {
      const queue = QUEUES.find((candidate) => name.startsWith(`FifoqTest-${candidate}-`)) ?? "";
      const topicParameter = JSON.parse(parameterRef(built.queueTemplate(queue), /AlarmTopic.*Ref$/));
      expect(alarm.AlarmActions).toEqual([topicParameter]);
    }
    // Each queue's nested stack (not the dashboard's, nor Time's: time.test.ts) gets the topic
    const nested = Object.entries(template.findResources("AWS::CloudFormation::Stack"))
      .filter(([id]) => !id.startsWith("Dashboard") && !id.startsWith("Time"))
      .map(([, stack]) => stack);
    expect(nested).toHaveLength(QUEUES.length);
    for (const stack of nested) {
      expect(Object.values(stack.Properties.Parameters)).toContainEqual({ Ref: topic });
    }
    expect(byName["FifoqTest-orders-oldest-message-age"]?.Threshold).toBe(900);
  });

  it("names the topic after the stack", () => {
    template.hasResourceProperties("AWS::SNS::Topic", { TopicName: "FifoqTest-alarms" });
  });

  it("lets only this stack's alarms publish, only over TLS; the key only for this topic's messages", () => {
    // Arrange: the topic policy and the principals it should name
    const cloudWatch = { Service: "cloudwatch.amazonaws.com" };
    const ownAccount = { "aws:SourceAccount": { Ref: "AWS::AccountId" } };
    const ownAlarms = "arn:<AWS::Partition>:cloudwatch:<AWS::Region>:<AWS::AccountId>:alarm:FifoqTest-*";
    const policy = Object.values(template.findResources("AWS::SNS::TopicPolicy"))[0]?.Properties;

    // Assert: the policy is this topic's and denies publishing without TLS
    expect(policy.Topics).toEqual([{ Ref: topic }]);
    const [denyInsecure, allowAlarms] = policy.PolicyDocument.Statement as Json[];
    expect(denyInsecure).toMatchObject({
      Effect: "Deny",
      Principal: "*",
      Action: "sns:Publish",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });

    // Arrange: the key's statement for CloudWatch
    const keyStatements = template.findResources("AWS::KMS::Key")[key]?.Properties.KeyPolicy
      .Statement as Json[];
    const keyForCloudWatch = keyStatements.find(
      (s) => JSON.stringify(s.Principal) === JSON.stringify(cloudWatch),
    );

    // Assert
    // The topic policy guards against a confused deputy with the alarm's account and ARN
    expect(allowAlarms).toMatchObject({ Effect: "Allow", Principal: cloudWatch, Action: "sns:Publish" });
    const condition = allowAlarms?.Condition as { StringEquals: Json; ArnLike: Json };
    expect(condition.StringEquals).toEqual(ownAccount);
    expect(renderJoin(condition.ArnLike["aws:SourceArn"])).toBe(ownAlarms);
    // SNS calls KMS, so the key conditions on SNS's encryption context, never on aws:Source* (absent there)
    expect(keyForCloudWatch).toMatchObject({
      Effect: "Allow",
      Principal: cloudWatch,
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
    });
    const keyCondition = keyForCloudWatch?.Condition as { StringEquals: Json };
    expect(Object.keys(keyForCloudWatch?.Condition as Json)).toEqual(["StringEquals"]);
    expect(Object.keys(keyCondition.StringEquals)).toEqual(["kms:EncryptionContext:aws:sns:topicArn"]);
    expect(renderJoin(keyCondition.StringEquals["kms:EncryptionContext:aws:sns:topicArn"])).toBe(
      "arn:<AWS::Partition>:sns:<AWS::Region>:<AWS::AccountId>:FifoqTest-alarms",
    );
  });

  it("outputs the topic ARN", () => {
    expect(template.toJSON().Outputs.AlarmTopicArn.Value).toEqual({ Ref: topic });
  });
});
