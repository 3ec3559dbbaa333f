import type { ResolvedScheduleConfig } from "../config/schedules";
import { parseCron } from "./cron";
import { eventBridgeCron, TICK_TIME_PLACEHOLDER, type TickEvent } from "./eventbridge-cron";
import type { ScheduleState } from "./types";

/** How long Scheduler retries a tick before it gives up and dead-letters it (its maximum: 24 h, 185 tries). */
export const TICK_RETRY = { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 } as const;

/** Where a stack's cron schedules live and what they run: the same for the CDK ones and the API's. */
export interface TickTarget {
  readonly groupName: string;
  /** The release function's ARN. */
  readonly functionArn: string;
  /** The role Scheduler assumes to invoke it. */
  readonly roleArn: string;
  /** The tick dead-letter queue's ARN. */
  readonly deadLetterArn: string;
}

/**
 * A cron schedule's parameters in EventBridge Scheduler's own shape (`CreateSchedule`/`UpdateSchedule` input;
 * the CDK construct maps it to `CfnSchedule`'s props). No SDK here: the fields are Scheduler's.
 */
export interface CronScheduleParams {
  readonly Name: string;
  readonly GroupName: string;
  readonly ScheduleExpression: string;
  readonly ScheduleExpressionTimezone: string;
  readonly FlexibleTimeWindow: { readonly Mode: "OFF" };
  readonly State: "ENABLED" | "DISABLED";
  readonly Target: {
    readonly Arn: string;
    readonly RoleArn: string;
    readonly Input: string;
    readonly RetryPolicy: typeof TICK_RETRY;
    readonly DeadLetterConfig: { readonly Arn: string };
  };
}

/**
 * The input of a tick: the schedule and, filled in by Scheduler, the tick's own time. An API-managed schedule's
 * tick carries no message (its tick publishes its record's), so its input stays small whatever the body: a body
 * of up to 256 KB, escaped once more inside the input, would pass Scheduler's and Lambda's 256 KB payload limits.
 */
const tickInput = (schedule: ResolvedScheduleConfig, origin: ScheduleState["origin"]): string => {
  const message = origin === "api" ? { body: "", attributes: {} } : schedule;
  const event: TickEvent = {
    fifoqTick: {
      name: schedule.name,
      queue: schedule.queue,
      groupId: schedule.groupId,
      body: message.body,
      attributes: message.attributes,
      scheduledTime: TICK_TIME_PLACEHOLDER,
      ...(origin === "api" ? { origin } : {}),
    },
  };
  return JSON.stringify(event);
};

/** Scheduler's cron expression of a checked schedule (its cron was validated: a failure here is a bug). */
const expressionOf = (schedule: ResolvedScheduleConfig): string => {
  const parsed = parseCron(schedule.cron);
  if (!parsed.ok) throw new Error(`schedule "${schedule.name}": cron ${parsed.problem}`);
  return eventBridgeCron(parsed.spec);
};

/**
 * THE parameters of a schedule's cron schedule (time zone, flexible window off, the release function as
 * target with Scheduler's retries, then the tick dead-letter queue), for CDK and the API alike.
 */
export const cronScheduleParams = (
  schedule: ResolvedScheduleConfig,
  state: ScheduleState,
  target: TickTarget,
): CronScheduleParams => {
  return {
    Name: schedule.name,
    GroupName: target.groupName,
    ScheduleExpression: expressionOf(schedule),
    ScheduleExpressionTimezone: schedule.timezone,
    FlexibleTimeWindow: { Mode: "OFF" },
    State: state.paused ? "DISABLED" : "ENABLED",
    Target: {
      Arn: target.functionArn,
      RoleArn: target.roleArn,
      Input: tickInput(schedule, state.origin),
      RetryPolicy: TICK_RETRY,
      DeadLetterConfig: { Arn: target.deadLetterArn },
    },
  };
};
