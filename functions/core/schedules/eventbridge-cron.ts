import type { CronSpec } from "./cron";

const FULL = { minute: 60, hour: 24, dayOfMonth: 31, month: 12 } as const;

const field = (values: readonly number[], full: number): string =>
  values.length === full ? "*" : values.join(",");

/**
 * The EventBridge Scheduler form of a five-field cron: `cron(minutes hours day-of-month month day-of-week *)`,
 * one day field `?`, days of the week 1–7 (Sunday is 1) — with explicit lists, so no syntax differs.
 */
export const eventBridgeCron = (spec: CronSpec): string => {
  const dayOfWeek = spec.restrictsDayOfWeek ? spec.daysOfWeek.map((day) => day + 1).join(",") : "?";
  const dayOfMonth = spec.restrictsDayOfWeek ? "?" : field(spec.daysOfMonth, FULL.dayOfMonth);
  const parts = [
    field(spec.minutes, FULL.minute),
    field(spec.hours, FULL.hour),
    dayOfMonth,
    field(spec.months, FULL.month),
    dayOfWeek,
    "*",
  ];
  return `cron(${parts.join(" ")})`;
};

/** The input of a cron schedule's target (the release function): the schedule and, filled in by Scheduler, its tick. */
export const TICK_TIME_PLACEHOLDER = "<aws.scheduler.scheduled-time>";

export interface TickEvent {
  readonly fifoqTick: {
    readonly name: string;
    readonly queue: string;
    readonly groupId: string;
    readonly body: string;
    readonly attributes: Readonly<Record<string, string>>;
    /** ISO-8601 (Scheduler's scheduled time of this tick). */
    readonly scheduledTime: string;
    /** `api`: an API-managed schedule, whose definition is its stored record's. @default the configuration's */
    readonly origin?: "api";
  };
}

/** A tick event as the release function gets it, checked; undefined when the event is not one. */
export const parseTickEvent = (event: unknown): (TickEvent["fifoqTick"] & { tick: number }) | undefined => {
  const tick = typeof event === "object" && event !== null ? Reflect.get(event, "fifoqTick") : undefined;
  if (typeof tick !== "object" || tick === null) return undefined;
  const { name, queue, groupId, body, attributes, scheduledTime, origin } = tick as Record<string, unknown>;
  const at = typeof scheduledTime === "string" ? Date.parse(scheduledTime) : Number.NaN;
  const strings = [name, queue, groupId, body].every((value) => typeof value === "string");
  if (!strings || !Number.isFinite(at) || typeof attributes !== "object" || attributes === null)
    return undefined;
  const checked = Object.fromEntries(
    Object.entries(attributes).filter(([, value]) => typeof value === "string"),
  );
  return {
    name,
    queue,
    groupId,
    body,
    attributes: checked,
    scheduledTime,
    ...(origin === "api" ? { origin } : {}),
    tick: at,
  } as TickEvent["fifoqTick"] & { tick: number };
};
