import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { buildTestStack, queueConfig, SYNTH_TIMEOUT_MS, testConfig } from "./support/fifoq-test-stack";
import { functionId, logicalIdOf, queueId, renderJoin } from "./support/template-queries";

type Json = Record<string, unknown>;

const config = testConfig({ queues: [queueConfig({ name: "orders" }), queueConfig({ name: "audit-log" })] });
const QUEUES = ["orders", "audit-log"] as const;
const SUFFIXES = ["dead-letters", "oldest-message-age", "consumer-errors", "recorder-errors"];

const alarms = (template: Template): Record<string, Json> =>
  Object.fromEntries(
    Object.values(template.findResources("AWS::CloudWatch::Alarm")).map((alarm) => [
      alarm.Properties.AlarmName as string,
      alarm.Properties as Json,
    ]),
  );

const queueNameOf = (id: string) => [{ Name: "QueueName", Value: { "Fn::GetAtt": [id, "QueueName"] } }];
const functionNameOf = (id: string) => [{ Name: "FunctionName", Value: { Ref: id } }];

/** What every fifoq alarm shares: one 5-minute period, and no data is not a breach. */
const SHARED = { EvaluationPeriods: 1, DatapointsToAlarm: 1, TreatMissingData: "notBreaching" };

describe("QueueAlarms without an alarm email", () => {
  let template: Template;
  let byName: Record<string, Json>;

  beforeAll(() => {
    template = buildTestStack({ config }).template();
    byName = alarms(template);
  }, SYNTH_TIMEOUT_MS);

  it("names four alarms per queue after the stack and the queue", () => {
    expect(Object.keys(byName).sort()).toEqual(
      QUEUES.flatMap((queue) => SUFFIXES.map((suffix) => `FifoqTest-${queue}-${suffix}`)).sort(),
    );
  });

  it.each(QUEUES)("alarms when messages of %s are sent to, received from or waiting in its DLQ", (queue) => {
    const dlq = queueId(template, `${queue}-dlq.fifo`);
    const metric = (name: string, stat: string) => ({
      MetricStat: {
        Metric: { Namespace: "AWS/SQS", MetricName: name, Dimensions: queueNameOf(dlq) },
        Period: 300,
        Stat: stat,
      },
      ReturnData: false,
    });
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
    expect(byName[`FifoqTest-${queue}-oldest-message-age`]).toMatchObject({
      ...SHARED,
      Namespace: "AWS/SQS",
      MetricName: "ApproximateAgeOfOldestMessage",
      Dimensions: queueNameOf(queueId(template, `${queue}.fifo`)),
      Statistic: "Maximum",
      Period: 300,
      Threshold: 300,
      ComparisonOperator: "GreaterThanThreshold",
    });
  });

  it.each([
    ["consumer-errors", "fifoq consumer of orders.fifo"],
    ["recorder-errors", "fifoq dead-letter recorder of orders-dlq.fifo"],
  ])("alarms on %s: any failed invocation of %s", (suffix, description) => {
    expect(byName[`FifoqTest-orders-${suffix}`]).toMatchObject({
      ...SHARED,
      Namespace: "AWS/Lambda",
      MetricName: "Errors",
      Dimensions: functionNameOf(functionId(template, description)),
      Statistic: "Sum",
      Period: 300,
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
    });
  });

  it("creates no topic, subscription or key, and gives no alarm an action", () => {
    for (const type of ["AWS::SNS::Topic", "AWS::SNS::Subscription", "AWS::KMS::Key"]) {
      template.resourceCountIs(type, 0);
    }
    for (const alarm of Object.values(byName)) expect(alarm.AlarmActions).toBeUndefined();
    expect(template.toJSON().Outputs.AlarmTopicArn).toBeUndefined();
  });

  it("outputs every alarm's name", () => {
    const output = renderJoin(template.toJSON().Outputs.AlarmNames.Value);
    const ids = Object.keys(template.findResources("AWS::CloudWatch::Alarm"));
    expect(output.split(", ").sort()).toEqual(ids.map((id) => `<${id}>`).sort());
  });
});

describe("QueueAlarms with an alarm email and a threshold", () => {
  let template: Template;
  let topic: string;
  let key: string;

  beforeAll(() => {
    const props = { alarmEmail: "ops@example.com", oldestMessageAgeAlarmSeconds: 900 };
    template = buildTestStack({ config, props }).template();
    topic = logicalIdOf(template, "AWS::SNS::Topic", () => true);
    key = logicalIdOf(template, "AWS::KMS::Key", () => true);
  }, SYNTH_TIMEOUT_MS);

  it("subscribes the email to one topic encrypted with its own rotating key", () => {
    template.resourceCountIs("AWS::SNS::Subscription", 1);
    template.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: "ops@example.com",
      TopicArn: { Ref: topic },
    });
    template.hasResourceProperties("AWS::SNS::Topic", { KmsMasterKeyId: { "Fn::GetAtt": [key, "Arn"] } });
    template.hasResourceProperties("AWS::KMS::Key", { EnableKeyRotation: true });
  });

  it("points every alarm's action at the topic, and uses the threshold", () => {
    const byName = alarms(template);
    expect(Object.keys(byName)).toHaveLength(8);
    for (const alarm of Object.values(byName)) expect(alarm.AlarmActions).toEqual([{ Ref: topic }]);
    expect(byName["FifoqTest-orders-oldest-message-age"]?.Threshold).toBe(900);
  });

  it("lets only this stack's alarms publish, only over TLS, and use the key", () => {
    const cloudWatch = { Service: "cloudwatch.amazonaws.com" };
    const ownAccount = { "aws:SourceAccount": { Ref: "AWS::AccountId" } };
    const ownAlarms = "arn:<AWS::Partition>:cloudwatch:<AWS::Region>:<AWS::AccountId>:alarm:FifoqTest-*";
    const policy = Object.values(template.findResources("AWS::SNS::TopicPolicy"))[0]?.Properties;
    expect(policy.Topics).toEqual([{ Ref: topic }]);
    const [denyInsecure, allowAlarms] = policy.PolicyDocument.Statement as Json[];
    expect(denyInsecure).toMatchObject({
      Effect: "Deny",
      Principal: "*",
      Action: "sns:Publish",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    const keyStatements = template.findResources("AWS::KMS::Key")[key]?.Properties.KeyPolicy
      .Statement as Json[];
    const keyForCloudWatch = keyStatements.find(
      (s) => JSON.stringify(s.Principal) === JSON.stringify(cloudWatch),
    );
    for (const [statement, actions] of [
      [allowAlarms, "sns:Publish"],
      [keyForCloudWatch, ["kms:Decrypt", "kms:GenerateDataKey*"]],
    ] as const) {
      expect(statement).toMatchObject({ Effect: "Allow", Principal: cloudWatch, Action: actions });
      const condition = statement?.Condition as { StringEquals: Json; ArnLike: Json };
      expect(condition.StringEquals).toEqual(ownAccount);
      expect(renderJoin(condition.ArnLike["aws:SourceArn"])).toBe(ownAlarms);
    }
  });

  it("outputs the topic ARN", () => {
    expect(template.toJSON().Outputs.AlarmTopicArn.Value).toEqual({ Ref: topic });
  });
});
