import { type ResolvedScheduleConfig, resolveSchedules } from "../core/config/schedules";
import { EnvRefusal, optional, requiredWhen } from "../core/env/read-env";
import { ENV } from "../core/env-names";
import { InvalidEnvError } from "../core/errors";
import type { TickTarget } from "../core/schedules/scheduler-params";
import { arn, set, type TimeEnv } from "../release/time-env";

/** The API's recurring schedules: the configured ones, and where API-managed ones fire (unset: no Scheduler). */
export interface SchedulesEnv {
  readonly declared: readonly ResolvedScheduleConfig[];
  readonly tickTarget: TickTarget | undefined;
}

const jsonArray = (text: string): unknown[] | EnvRefusal => {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed : new EnvRefusal("not a JSON array");
  } catch (cause) {
    return new EnvRefusal(`not valid JSON: ${(cause as Error).message}`);
  }
};

/** The schedules' variables: the bundled list; the tick target's two ARNs together. */
export const SCHEDULES_VARS = {
  schedules: optional(ENV.schedules, "a JSON array of the configuration's schedules", jsonArray),
  tickTargetArn: requiredWhen(
    set(ENV.tickDeadLetterArn),
    ENV.tickTargetArn,
    "the release function's ARN (the cron ticks' target)",
    arn,
  ),
  tickDeadLetterArn: requiredWhen(
    set(ENV.tickTargetArn),
    ENV.tickDeadLetterArn,
    "the tick dead-letter queue's ARN",
    arn,
  ),
};

/**
 * The configured schedules, checked by the configuration's own validator against the queue list (a bad bundle
 * fails the cold start), and the tick target when the Scheduler group and role are known too (with each queue's
 * idempotency window, which bounds how long a tick is retried).
 */
export const schedulesEnvOf = (
  values: {
    readonly schedules: unknown[] | undefined;
    readonly tickTargetArn: string | undefined;
    readonly tickDeadLetterArn: string | undefined;
  },
  queues: readonly string[],
  time: TimeEnv | undefined,
  idempotencyWindows: Readonly<Record<string, number>>,
): SchedulesEnv => {
  let declared: ResolvedScheduleConfig[];
  try {
    declared = resolveSchedules(values.schedules ?? [], queues);
  } catch (error) {
    throw new InvalidEnvError("API", [`${ENV.schedules}: ${(error as Error).message.slice(0, 500)}`]);
  }
  const { tickTargetArn, tickDeadLetterArn } = values;
  const scheduler = time?.scheduler;
  const tickTarget =
    scheduler && tickTargetArn && tickDeadLetterArn
      ? {
          groupName: scheduler.groupName,
          roleArn: scheduler.roleArn,
          functionArn: tickTargetArn,
          deadLetterArn: tickDeadLetterArn,
          idempotencyWindows,
        }
      : undefined;
  return { declared, tickTarget };
};
