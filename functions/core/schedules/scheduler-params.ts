import type { ResolvedScheduleConfig } from "../config/schedules";
import { parseCron } from "./cron";
import { eventBridgeCron, TICK_TIME_PLACEHOLDER, type TickEvent } from "./eventbridge-cron";
import type { ScheduleState } from "./types";

/** How often Scheduler retries a tick at most (its maximum: 185 tries), within `tickMaxEventAge`. */
export const TICK_RETRY = { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 } as const;

/** Scheduler's bounds of a retry policy's `MaximumEventAgeInSeconds`. */
const EVENT_AGE = { min: 60, max: TICK_RETRY.MaximumEventAgeInSeconds } as const;

/** SQS FIFO's deduplication interval: a repeated send of a dedupId within it is dropped. */
const SQS_DEDUP_SECONDS = 300;

/**
 * How long Scheduler may retry a tick of a schedule on a queue whose idempotency window is `windowSeconds` (0:
 * off; undefined: unknown): never past the time a repeated tick is still caught — by SQS's 5-minute dedup or the
 * consumer's idempotency record, both keyed by the tick's own dedupId — so a late retry cannot run twice. Past
 * that age, a tick still failing goes to the tick dead-letter queue (counted, alarmed).
 */
export const tickMaxEventAge = (windowSeconds: number | undefined): number => {
  const caught = Math.max(SQS_DEDUP_SECONDS, windowSeconds ?? 0);
  return Math.min(EVENT_AGE.max, Math.max(EVENT_AGE.min, caught));
};

/** Where a stack's cron schedules live and what they run: the same for the CDK ones and the API's. */
export interface TickTarget {
  readonly groupName: string;
  /** The release function's ARN. */
  readonly functionArn: string;
  /** The role Scheduler assumes to invoke it. */
  readonly roleArn: string;
  /** The tick dead-letter queue's ARN. */
  readonly deadLetterArn: string;
  /** Each queue's idempotency window in seconds (0: off), by name; a queue missing is as if unknown. */
  readonly idempotencyWindows: Readonly<Record<string, number>>;
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
    readonly RetryPolicy: {
      readonly MaximumEventAgeInSeconds: number;
      readonly MaximumRetryAttempts: number;
    };
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

/** Whether a cron schedule's target input is a configured schedule's tick (`tickInput` marks API-made ones). */
export const isConfiguredTickInput = (input: string | undefined): boolean => {
  try {
    const tick = (JSON.parse(input ?? "null") as { fifoqTick?: { origin?: unknown } } | null)?.fifoqTick;
    return tick !== undefined && tick !== null && tick.origin === undefined;
  } catch {
    return false;
  }
};

/** Scheduler's cron expression of a checked schedule (its cron was validated: a failure here is a bug). */
const expressionOf = (schedule: ResolvedScheduleConfig): string => {
  const parsed = parseCron(schedule.cron);
  if (!parsed.ok) throw new Error(`schedule "${schedule.name}": cron ${parsed.problem}`);
  return eventBridgeCron(parsed.spec);
};

/** `TickTarget.idempotencyWindows` of the configured queues (CDK, the local stack). */
export const idempotencyWindowsOf = (
  queues: readonly { readonly name: string; readonly idempotencyWindowSeconds: number }[],
): Record<string, number> =>
  Object.fromEntries(queues.map(({ name, idempotencyWindowSeconds }) => [name, idempotencyWindowSeconds]));

const windowOf = (target: TickTarget, queue: string): number | undefined =>
  Object.hasOwn(target.idempotencyWindows, queue) ? target.idempotencyWindows[queue] : undefined;

/**
 * THE parameters of a schedule's cron schedule (time zone, flexible window off, the release function as
 * target with Scheduler's retries up to `tickMaxEventAge`, then the tick dead-letter queue), for CDK and the
 * API alike.
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
      RetryPolicy: {
        MaximumEventAgeInSeconds: tickMaxEventAge(windowOf(target, schedule.queue)),
        MaximumRetryAttempts: TICK_RETRY.MaximumRetryAttempts,
      },
      DeadLetterConfig: { Arn: target.deadLetterArn },
    },
  };
};
