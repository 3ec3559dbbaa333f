import type { CronSpec } from "../../../functions/core/schedules/cron";
import { parseEventBridgeCron } from "../../../functions/core/schedules/eventbridge-cron";
import { nextFire } from "../../../functions/core/schedules/next-fire";
import { instantOfWallTime } from "../../../functions/core/schedules/zone";
import { invalid } from "./errors";

/** A schedule expression the emulator runs: one instant (`at`) or a cron spec in a time zone. */
export type ParsedExpression =
  | { readonly kind: "at"; readonly at: number }
  | { readonly kind: "cron"; readonly spec: CronSpec; readonly zone: string };

const AT = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;
const CRON = /^cron\((.*)\)$/;

/**
 * `at(yyyy-mm-ddThh:mm:ss)` (a wall time in `zone`) or EventBridge's six-field `cron(...)`, through the project's
 * one cron parser; `rate(...)` and anything else is a `ValidationException` (rate is not emulated).
 */
export const parseScheduleExpression = (expression: string, zone: string): ParsedExpression => {
  const at = AT.exec(expression);
  if (at) {
    const [year, month, day, hour, minute, second] = at.slice(1).map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const wall = Date.UTC(year, month - 1, day, hour, minute, second);
    const back = new Date(wall);
    if (
      back.getUTCMonth() !== month - 1 ||
      back.getUTCDate() !== day ||
      hour > 23 ||
      minute > 59 ||
      second > 59
    )
      throw invalid(`ScheduleExpression "${expression}" is not a valid date and time`);
    return { kind: "at", at: instantOfWallTime(zone, wall) };
  }
  const cron = CRON.exec(expression);
  if (cron) {
    const parsed = parseEventBridgeCron(cron[1] ?? "");
    if (!parsed.ok) throw invalid(`ScheduleExpression "${expression}": ${parsed.problem}`);
    return { kind: "cron", spec: parsed.spec, zone };
  }
  throw invalid(
    `ScheduleExpression "${expression.slice(0, 256)}" must be at(yyyy-mm-ddThh:mm:ss) or cron(...) (rate() is not emulated)`,
  );
};

/** The schedule's window: its start and end dates (epoch ms), when set. */
export interface ScheduleWindow {
  readonly start?: number | undefined;
  readonly end?: number | undefined;
}

/** The first fire strictly after `after` inside the window, or undefined (an `at` that passed, a cron past its end). */
export const fireAfter = (
  parsed: ParsedExpression,
  after: number,
  window: ScheduleWindow = {},
): number | undefined => {
  if (parsed.kind === "at") return parsed.at > after ? parsed.at : undefined;
  const from = window.start === undefined ? after : Math.max(after, window.start - 1);
  const next = nextFire(parsed.spec, parsed.zone, from);
  return next === undefined || (window.end !== undefined && next > window.end) ? undefined : next;
};
