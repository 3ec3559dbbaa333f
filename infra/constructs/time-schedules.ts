import { Duration, Validations } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import type * as sns from "aws-cdk-lib/aws-sns";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { ResolvedScheduleConfig } from "../../functions/core/config/schedules";
import { type CronScheduleParams, cronScheduleParams } from "../../functions/core/schedules/scheduler-params";
import { type FifoqTime, timeResourceNames } from "./fifoq-time";

export interface TimeSchedulesProps {
  readonly time: FifoqTime;
  readonly stackName: string;
  readonly schedules: readonly ResolvedScheduleConfig[];
  /** Each queue's idempotency window in seconds (0: off), by name: it bounds how long a tick is retried. */
  readonly idempotencyWindows: Readonly<Record<string, number>>;
  /** Every alarm notifies it. @default no notification */
  readonly alarmTopic?: sns.ITopic;
}

/** Scheduler's API shape → `CfnSchedule`'s (the same fields, camel-cased). */
const cfnScheduleProps = (params: CronScheduleParams): scheduler.CfnScheduleProps => ({
  name: params.Name,
  groupName: params.GroupName,
  scheduleExpression: params.ScheduleExpression,
  scheduleExpressionTimezone: params.ScheduleExpressionTimezone,
  flexibleTimeWindow: { mode: params.FlexibleTimeWindow.Mode },
  state: params.State,
  target: {
    arn: params.Target.Arn,
    roleArn: params.Target.RoleArn,
    input: params.Target.Input,
    retryPolicy: {
      maximumEventAgeInSeconds: params.Target.RetryPolicy.MaximumEventAgeInSeconds,
      maximumRetryAttempts: params.Target.RetryPolicy.MaximumRetryAttempts,
    },
    deadLetterConfig: { arn: params.Target.DeadLetterConfig.Arn },
  },
});

/**
 * The configuration's cron schedules on EventBridge Scheduler (time zones, flexible window off), each tick to
 * the release function with Scheduler's retries, then a dead-letter queue for ticks that gave up; and the
 * alarms of the time feature: given-up ticks, failed releases (the delay queue's dead-letter queue), release
 * function errors.
 */
export class TimeSchedules extends Construct {
  readonly tickDeadLetterQueue: sqs.Queue;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: TimeSchedulesProps) {
    super(scope, id);
    this.tickDeadLetterQueue = new sqs.Queue(this, "TickDeadLetterQueue", {
      // Named: the API (in the app stack) gives it to the schedules it makes, by ARN.
      queueName: timeResourceNames(props.stackName).tickDeadLetterQueue,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.tickDeadLetterQueue.grantSendMessages(props.time.schedulerRole);
    Validations.of(this.tickDeadLetterQueue).acknowledge({
      id: "AwsSolutions-SQS3",
      reason:
        "It is a dead-letter queue: EventBridge Scheduler's DeadLetterConfig of every cron schedule, which cdk-nag does not see.",
    });
    for (const schedule of props.schedules) this.addSchedule(props, schedule);
    this.addAlarms(props);
  }

  /** One configured schedule: the parameters the API's schedules get too (`cronScheduleParams`), as CFN props. */
  private addSchedule(props: TimeSchedulesProps, schedule: ResolvedScheduleConfig): void {
    const params = cronScheduleParams(
      schedule,
      { origin: "config", paused: false },
      {
        groupName: props.stackName,
        functionArn: props.time.release.fn.functionArn,
        roleArn: props.time.schedulerRole.roleArn,
        deadLetterArn: this.tickDeadLetterQueue.queueArn,
        idempotencyWindows: props.idempotencyWindows,
      },
    );
    const cfn = new scheduler.CfnSchedule(this, `Schedule-${schedule.name}`, cfnScheduleProps(params));
    cfn.addDependency(props.time.scheduleGroup);
  }

  private alarm(
    id: string,
    props: TimeSchedulesProps,
    metric: cloudwatch.IMetric,
    description: string,
  ): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmName: `${props.stackName}-${id.replace(/[A-Z]/g, (c, i: number) => (i ? "-" : "") + c.toLowerCase())}`,
      alarmDescription: description,
      metric,
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (props.alarmTopic) alarm.addAlarmAction(new SnsAction(props.alarmTopic));
    this.alarms.push(alarm);
  }

  private addAlarms(props: TimeSchedulesProps): void {
    const period = Duration.minutes(5);
    this.alarm(
      "TicksGaveUp",
      props,
      this.tickDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: "Maximum" }),
      "A cron tick gave up after Scheduler's retries (24 h) and is in the tick dead-letter queue: its message was not published",
    );
    this.alarm(
      "ReleasesFailed",
      props,
      props.time.delayDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period,
        statistic: "Maximum",
      }),
      "A delayed message's release failed 10 times and is in the delay dead-letter queue: it is not on its queue",
    );
    this.alarm(
      "ReleaseErrors",
      props,
      props.time.release.fn.metricErrors({ period, statistic: "Sum" }),
      "The release function failed (it retries through the delay queue)",
    );
  }
}
