import { App, Stack } from "aws-cdk-lib";
import type * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { describe, expect, it } from "vitest";
import { AlarmContextError, readAlarmContext } from "../../infra/alarm-context";
import { AlarmTopic } from "../../infra/constructs/alarm-topic";
import { QueueAlarms } from "../../infra/constructs/queue-alarms";

/** QueueAlarms over imported queues and functions: nothing to bundle. */
const buildAlarms = (oldestMessageAgeSeconds?: number) => {
  const stack = new Stack(new App(), "AlarmProps");
  const queue = (name: string) =>
    sqs.Queue.fromQueueArn(stack, name, `arn:aws:sqs:eu-west-1:111111111111:${name}`);
  const fn = (name: string) =>
    lambda.Function.fromFunctionArn(stack, name, `arn:aws:lambda:eu-west-1:111111111111:function:${name}`);
  return new QueueAlarms(stack, "Alarms", {
    queueName: "orders",
    queue: queue("orders.fifo"),
    deadLetterQueue: queue("orders-dlq.fifo"),
    consumer: fn("consumer"),
    recorder: fn("recorder"),
    ...(oldestMessageAgeSeconds === undefined ? {} : { oldestMessageAgeSeconds }),
  });
};

/** A context lookup over a plain object, like `app.node.tryGetContext`. */
const context = (values: Record<string, unknown>) => (key: string) => values[key];

describe("QueueAlarms props", () => {
  it.each([59, 1_209_601, 90.5])("refuses oldestMessageAgeSeconds = %s, naming the range", (seconds) => {
    expect(() => buildAlarms(seconds)).toThrow(
      `QueueAlarms "orders": oldestMessageAgeSeconds = ${seconds} is not allowed; it must be an integer from 60 to 1209600 s`,
    );
  });

  it("accepts the limits themselves and defaults to 300 s", () => {
    // Act and assert: both limits build
    expect(buildAlarms(60).oldestMessageAge).toBeDefined();
    expect(buildAlarms(1_209_600).oldestMessageAge).toBeDefined();

    // Act: no threshold given
    const alarms = buildAlarms();

    // Assert: the default 300 s
    expect((alarms.oldestMessageAge.node.defaultChild as cloudwatch.CfnAlarm).threshold).toBe(300);
  });

  it("names the alarms <stack>-<queue>-<what>", () => {
    // Act
    const names = buildAlarms().all.map(
      (alarm) => (alarm.node.defaultChild as cloudwatch.CfnAlarm).alarmName,
    );

    // Assert
    expect(names).toEqual([
      "AlarmProps-orders-dead-letters",
      "AlarmProps-orders-oldest-message-age",
      "AlarmProps-orders-consumer-errors",
      "AlarmProps-orders-recorder-errors",
    ]);
  });
});

describe("AlarmTopic props", () => {
  it.each(["ops", "ops@example", "two@example.com three@example.com"])("refuses alarmEmail %j", (email) => {
    // Arrange
    const stack = new Stack(new App(), "TopicProps");

    // Act and assert
    expect(() => new AlarmTopic(stack, "Topic", { email, alarmNamePrefix: "TopicProps" })).toThrow(
      `AlarmTopic: alarmEmail = ${JSON.stringify(email)} is not allowed; give one email address, e.g. ops@example.com`,
    );
  });
});

describe("readAlarmContext (cdk -c oldestMessageAgeAlarmSeconds=… -c alarmEmail=…)", () => {
  it("reads CLI strings and numbers from cdk.json alike", () => {
    // Act and assert: strings from the CLI
    expect(
      readAlarmContext(context({ oldestMessageAgeAlarmSeconds: "600", alarmEmail: " ops@example.com " })),
    ).toEqual({ oldestMessageAgeAlarmSeconds: 600, alarmEmail: "ops@example.com" });

    // Act and assert: a number from cdk.json
    expect(readAlarmContext(context({ oldestMessageAgeAlarmSeconds: 900 }))).toEqual({
      oldestMessageAgeAlarmSeconds: 900,
    });
  });

  it("treats absent and empty values as not given (the construct defaults apply)", () => {
    expect(readAlarmContext(context({}))).toEqual({});
    expect(readAlarmContext(context({ oldestMessageAgeAlarmSeconds: "", alarmEmail: "" }))).toEqual({});
  });

  it.each([
    [
      { oldestMessageAgeAlarmSeconds: "soon" },
      'oldestMessageAgeAlarmSeconds = "soon" is not allowed; give a number of seconds',
    ],
    [
      { oldestMessageAgeAlarmSeconds: true },
      "oldestMessageAgeAlarmSeconds = true is not allowed; give a number of seconds",
    ],
    [
      { oldestMessageAgeAlarmSeconds: "30" },
      "oldestMessageAgeAlarmSeconds = 30 is not allowed; it must be an integer from 60 to 1209600 s",
    ],
    [
      { alarmEmail: "nobody" },
      'alarmEmail = "nobody" is not allowed; give one email address, e.g. ops@example.com',
    ],
    [{ alarmEmail: 42 }, "alarmEmail = 42 is not allowed; give an email address"],
  ])("refuses %o, naming the key, the value and what is allowed", (values, message) => {
    const read = () => readAlarmContext(context(values));
    expect(read).toThrow(AlarmContextError);
    expect(read).toThrow(`fifoq: context ${message}`);
  });
});
