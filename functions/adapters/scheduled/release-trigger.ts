import type { SchedulerClient } from "@aws-sdk/client-scheduler";
import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { type BatchAnswer, createCallBatcher } from "../../core/batching/call-batcher";
import { UpstreamRejectedError, UpstreamUnavailableError } from "../../core/http/errors";
import { SQS_BATCH_LIMITS } from "../../core/producer/plan-batches";
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

interface DelayEntry {
  readonly body: string;
  readonly delaySeconds: number;
}

/** SendMessageBatch calls on the delay queue in flight at once per process. */
const MAX_IN_FLIGHT = 4;

const delayedEntry = (entry: DelayEntry, index: number) => ({
  Id: String(index),
  MessageBody: entry.body,
  DelaySeconds: entry.delaySeconds,
});

/** One SendMessageBatch on the (standard) delay queue for the arms of concurrent publishes or releases. */
const sendDelayed =
  (sqs: SQSClient, queueUrl: string) =>
  async (entries: readonly DelayEntry[]): Promise<BatchAnswer<undefined>[]> => {
    const command = new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries.map(delayedEntry) });
    let failed: Map<string, { Code?: string; SenderFault?: boolean }>;
    try {
      const output = await sqs.send(command);
      failed = new Map((output.Failed ?? []).map((bad) => [bad.Id ?? "", bad]));
    } catch (error) {
      throw sqsCallError(error, "SendMessageBatch (delay queue)");
    }
    return entries.map((_, index) => {
      const bad = failed.get(String(index));
      if (!bad) return { ok: true, value: undefined };
      const code = bad.Code ?? "Unknown";
      const error = bad.SenderFault
        ? new UpstreamRejectedError("SQS", "SendMessageBatch (delay queue)", code)
        : new UpstreamUnavailableError(`SQS did not take a release event: ${code}`, { retryAfterSeconds: 1 });
      return { ok: false, error };
    });
  };

/**
 * Arms releases on the SQS delay queue and (for delays over 15 minutes) EventBridge Scheduler. Concurrent arms
 * on the delay queue share SendMessageBatch calls (10 a call; a release event is a few dozen bytes).
 */
export const createReleaseTrigger = (options: ReleaseTriggerOptions): ReleaseTrigger => {
  const delay = createCallBatcher({
    run: sendDelayed(options.sqs, options.delayQueueUrl),
    maxBatch: SQS_BATCH_LIMITS.maxEntries,
    maxInFlight: MAX_IN_FLIGHT,
  });
  return {
    async arm(record, now) {
      const plan = armPlan(record, now, options.scheduler !== undefined);
      if (plan.via === "scheduler" && options.scheduler)
        return createSchedule(options.scheduler, record, plan.at);
      await delay({
        body: releaseEventBody(record),
        delaySeconds: plan.via === "delay-queue" ? plan.delaySeconds : 0,
      });
    },
  };
};
