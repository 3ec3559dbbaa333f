import type { ResolvedScheduleConfig } from "../config/schedules";
import { parseCron } from "./cron";
import { eventBridgeCron, TICK_TIME_PLACEHOLDER, type TickEvent } from "./eventbridge-cron";

/** How long Scheduler retries a tick before it gives up and dead-letters it (its maximum: 24 h, 185 tries). */
export const TICK_RETRY = { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 } as const;

/** Where a schedule's ticks go: the release function, through the Scheduler role, dead letters to a queue. */
export interface TickScheduleTarget {
  readonly groupName: string;
  readonly releaseFunctionArn: string;
  readonly roleArn: string;
  readonly deadLetterArn: string;
}

/** EventBridge Scheduler's `CreateSchedule` input for a cron schedule (the SDK's shape; no SDK imported). */
export interface TickScheduleParameters {
  readonly Name: string;
  readonly GroupName: string;
  readonly ScheduleExpression: string;
  readonly ScheduleExpressionTimezone: string;
  readonly State: "ENABLED";
  readonly FlexibleTimeWindow: { readonly Mode: "OFF" };
  readonly Target: {
    readonly Arn: string;
    readonly RoleArn: string;
    readonly Input: string;
    readonly RetryPolicy: typeof TICK_RETRY;
    readonly DeadLetterConfig: { readonly Arn: string };
  };
}

/** The input of a tick: the schedule and, filled in by Scheduler, the tick's own time. */
const tickInput = (schedule: ResolvedScheduleConfig): string => {
  const event: TickEvent = {
    fifoqTick: {
      name: schedule.name,
      queue: schedule.queue,
      groupId: schedule.groupId,
      body: schedule.body,
      attributes: schedule.attributes,
      scheduledTime: TICK_TIME_PLACEHOLDER,
    },
  };
  return JSON.stringify(event);
};

/**
 * One schedule of the configuration as EventBridge Scheduler gets it (time zone, flexible window off, the
 * release function as target with Scheduler's longest retries, then the tick dead-letter queue): the CDK stack
 * (`infra/constructs/time-schedules.ts`) and the local stack's Scheduler emulator build it here, once.
 */
export const tickScheduleParameters = (
  schedule: ResolvedScheduleConfig,
  target: TickScheduleTarget,
): TickScheduleParameters => {
  const parsed = parseCron(schedule.cron);
  if (!parsed.ok) throw new Error(`schedule "${schedule.name}": cron ${parsed.problem}`);
  return {
    Name: schedule.name,
    GroupName: target.groupName,
    ScheduleExpression: eventBridgeCron(parsed.spec),
    ScheduleExpressionTimezone: schedule.timezone,
    State: "ENABLED",
    FlexibleTimeWindow: { Mode: "OFF" },
    Target: {
      Arn: target.releaseFunctionArn,
      RoleArn: target.roleArn,
      Input: tickInput(schedule),
      RetryPolicy: TICK_RETRY,
      DeadLetterConfig: { Arn: target.deadLetterArn },
    },
  };
};
