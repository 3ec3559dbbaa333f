import type { SchedulerClient } from "@aws-sdk/client-scheduler";
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { armPlan, releaseEventBody } from "../../core/scheduled/arm-plan";
import type { ReleaseTrigger, ScheduledMessage } from "../../core/scheduled/types";
import { classifySdkError } from "../sdk-errors";
import { sqsCallError } from "../sqs/sqs-call-error";

/** Where long delays wait: an EventBridge Scheduler group whose role may send to the delay queue. */
export interface SchedulerTarget {
  readonly client: SchedulerClient;
  readonly groupName: string;
  readonly roleArn: string;
  readonly delayQueueArn: string;
}

export interface ReleaseTriggerOptions {
  readonly sqs: SQSClient;
  readonly delayQueueUrl: string;
  /** Unset: long delays hop on the delay queue every 15 minutes (the local stack sets its Scheduler emulator). */
  readonly scheduler?: SchedulerTarget | undefined;
}

/** A schedule name unique per message (≤ 64 characters of the allowed set). */
const scheduleName = (record: ScheduledMessage) => `${record.id}-${record.queue}`.slice(0, 64);

/** `at(yyyy-mm-ddThh:mm:ss)` in UTC, rounded up to the second. */
const atExpression = (at: number) =>
  `at(${new Date(Math.ceil(at / 1000) * 1000).toISOString().slice(0, 19)})`;

const createSchedule = async (target: SchedulerTarget, record: ScheduledMessage, at: number) => {
  const { CreateScheduleCommand } = await import("@aws-sdk/client-scheduler");
  const command = new CreateScheduleCommand({
    Name: scheduleName(record),
    GroupName: target.groupName,
    ScheduleExpression: atExpression(at),
    ScheduleExpressionTimezone: "UTC",
    FlexibleTimeWindow: { Mode: "OFF" },
    ActionAfterCompletion: "DELETE",
    Target: { Arn: target.delayQueueArn, RoleArn: target.roleArn, Input: releaseEventBody(record) },
  });
  try {
    await target.client.send(command);
  } catch (error) {
    // A retried publish arms again: the schedule it made the first time is the same one.
    if (classifySdkError(error).name === "ConflictException") return;
    throw sqsCallError(error, "CreateSchedule");
  }
};

/** Arms releases on the SQS delay queue and (for delays over 15 minutes) EventBridge Scheduler. */
export const createReleaseTrigger = (options: ReleaseTriggerOptions): ReleaseTrigger => ({
  async arm(record, now) {
    const plan = armPlan(record, now, options.scheduler !== undefined);
    if (plan.via === "scheduler" && options.scheduler)
      return createSchedule(options.scheduler, record, plan.at);
    const command = new SendMessageCommand({
      QueueUrl: options.delayQueueUrl,
      MessageBody: releaseEventBody(record),
      DelaySeconds: plan.via === "delay-queue" ? plan.delaySeconds : 0,
    });
    try {
      await options.sqs.send(command);
    } catch (error) {
      throw sqsCallError(error, "SendMessage (delay queue)");
    }
  },
});
