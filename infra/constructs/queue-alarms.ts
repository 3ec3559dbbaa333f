import { Duration, Stack, Token } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type * as sns from "aws-cdk-lib/aws-sns";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";

/** Default threshold of the oldest-message alarm: a message has waited 5 minutes. */
export const DEFAULT_OLDEST_MESSAGE_AGE_SECONDS = 300;

/** SQS reports queue metrics once a minute, and keeps a message at most 14 days. */
export const OLDEST_MESSAGE_AGE_LIMITS = [60, 1_209_600] as const;

/** Every alarm looks at one 5-minute period. */
const PERIOD = Duration.minutes(5);

/**
 * Checks the oldest-message threshold; returns the message naming the value and the allowed range, or
 * undefined when it is allowed (unresolved tokens are left to CloudFormation).
 */
export const oldestMessageAgeProblem = (seconds: number): string | undefined => {
  if (Token.isUnresolved(seconds)) return undefined;
  const [min, max] = OLDEST_MESSAGE_AGE_LIMITS;
  return Number.isInteger(seconds) && seconds >= min && seconds <= max
    ? undefined
    : `oldestMessageAgeSeconds = ${seconds} is not allowed; it must be an integer from ${min} to ${max} s`;
};

export interface QueueAlarmsProps {
  /** The source queue's logical name; it names the alarms (`<prefix>-<queueName>-…`). */
  readonly queueName: string;
  /** The source queue. */
  readonly queue: sqs.IQueue;
  /** The queue's dead-letter queue. */
  readonly deadLetterQueue: sqs.IQueue;
  /** The queue's consumer function. */
  readonly consumer: lambda.IFunction;
  /** The function that records the dead-letter queue's messages. */
  readonly recorder: lambda.IFunction;
  /** Alarm when the oldest message of the queue has waited longer than this, 60 s–14 days. @default 300 */
  readonly oldestMessageAgeSeconds?: number;
  /** Where every alarm notifies when it goes to ALARM. @default no action (the alarms are only visible in CloudWatch) */
  readonly topic?: sns.ITopic;
  /**
   * Alarm names start with this, then `-<queueName>-`; the stack's name, so that `<prefix>-<queueName>.fifo`
   * is also the queue's SQS name. Give it explicitly in a nested stack (whose own name is generated).
   * @default the stack name
   */
  readonly alarmNamePrefix?: string;
}

/**
 * The alarms of one fifoq queue. Each looks at one 5-minute period and treats missing data as not breaching
 * (an idle queue, or a function that did not run, is healthy):
 *
 * - `deadLetters`: messages reached the dead-letter queue. The recorder drains the dead-letter queue within
 *   seconds, so its depth alone stays about 0; the alarm takes the largest of three DLQ metrics, each ≥ 1:
 *   `NumberOfMessagesSent` (Sum): the consumer sent a `PermanentError` or `parse` failure there; SQS's own
 *   moves after `maxReceiveCount` are NOT counted in this metric. `NumberOfMessagesReceived` (Sum): the
 *   recorder received messages, which catches both kinds, and keeps the alarm on while the recorder fails
 *   and receives them again. `ApproximateNumberOfMessagesVisible` (Maximum): messages wait there, which
 *   catches SQS's moves while the recorder is not running.
 * - `oldestMessageAge`: `ApproximateAgeOfOldestMessage` (Maximum) of the source queue is above the threshold:
 *   consumers fall behind, or a failing message holds its group until it is dead-lettered.
 * - `consumerErrors`: `Errors` (Sum) of the consumer > 0: a whole invocation failed (an exception outside the
 *   runtime, a timeout, out of memory, an init error), so its whole batch comes back. Failed records are a
 *   partial batch response, not an `Errors`.
 * - `recorderErrors`: `Errors` (Sum) of the recorder > 0: a recorder invocation failed as a whole.
 */
export class QueueAlarms extends Construct {
  readonly deadLetters: cloudwatch.Alarm;
  readonly oldestMessageAge: cloudwatch.Alarm;
  readonly consumerErrors: cloudwatch.Alarm;
  readonly recorderErrors: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: QueueAlarmsProps) {
    super(scope, id);
    const oldestMessageAgeSeconds = props.oldestMessageAgeSeconds ?? DEFAULT_OLDEST_MESSAGE_AGE_SECONDS;
    const problem = oldestMessageAgeProblem(oldestMessageAgeSeconds);
    if (problem) throw new Error(`QueueAlarms "${props.queueName}": ${problem}`);
    const prefix = `${props.alarmNamePrefix ?? Stack.of(this).stackName}-${props.queueName}`;
    const [queueName, dlqName] = [`${prefix}.fifo`, `${prefix}-dlq.fifo`];
    const dlq = props.deadLetterQueue;
    const sum = { period: PERIOD, statistic: cloudwatch.Stats.SUM };
    const maximum = { period: PERIOD, statistic: cloudwatch.Stats.MAXIMUM };

    this.deadLetters = this.alarm("DeadLetters", {
      alarmName: `${prefix}-dead-letters`,
      alarmDescription: `Messages of ${queueName} reached ${dlqName} (sent by the consumer, moved by SQS after maxReceiveCount, or waiting there). List them with GET /queues/${props.queueName}/dead-letters.`,
      metric: new cloudwatch.MathExpression({
        expression: "MAX([FILL(sent, 0), FILL(received, 0), FILL(visible, 0)])",
        usingMetrics: {
          sent: dlq.metricNumberOfMessagesSent(sum),
          received: dlq.metricNumberOfMessagesReceived(sum),
          visible: dlq.metricApproximateNumberOfMessagesVisible(maximum),
        },
        label: "dead letters sent, received or waiting",
        period: PERIOD,
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    this.oldestMessageAge = this.alarm("OldestMessageAge", {
      alarmName: `${prefix}-oldest-message-age`,
      alarmDescription: `The oldest message of ${queueName} has waited more than ${oldestMessageAgeSeconds} s: consumers fall behind or a failing message holds its group.`,
      metric: props.queue.metricApproximateAgeOfOldestMessage(maximum),
      threshold: oldestMessageAgeSeconds,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    this.consumerErrors = this.alarm("ConsumerErrors", {
      alarmName: `${prefix}-consumer-errors`,
      alarmDescription: `An invocation of the consumer of ${queueName} failed as a whole (exception outside the runtime, timeout, out of memory or init error); its batch is retried.`,
      metric: props.consumer.metricErrors(sum),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    this.recorderErrors = this.alarm("RecorderErrors", {
      alarmName: `${prefix}-recorder-errors`,
      alarmDescription: `An invocation of the dead-letter recorder of ${dlqName} failed as a whole; its batch is retried.`,
      metric: props.recorder.metricErrors(sum),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    if (props.topic) {
      const action = new SnsAction(props.topic);
      for (const alarm of this.all) alarm.addAlarmAction(action);
    }
  }

  /** Every alarm of the queue. */
  get all(): readonly cloudwatch.Alarm[] {
    return [this.deadLetters, this.oldestMessageAge, this.consumerErrors, this.recorderErrors];
  }

  private alarm(
    id: string,
    props: Omit<cloudwatch.AlarmProps, "evaluationPeriods" | "treatMissingData">,
  ): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, id, {
      ...props,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
