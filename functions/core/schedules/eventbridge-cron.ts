import { type CronParse, type CronSpec, parseCron } from "./cron";

const FULL = { minute: 60, hour: 24, dayOfMonth: 31, month: 12 } as const;

/** Ascending values as a list of runs: `0-53`, `1,3,5-9` (each run of three or more as a range). */
const runs = (values: readonly number[]): string => {
  const parts: string[] = [];
  for (let start = 0; start < values.length; ) {
    let end = start;
    while (end + 1 < values.length && values[end + 1] === (values[end] ?? 0) + 1) end += 1;
    if (end - start >= 2) parts.push(`${values[start]}-${values[end]}`);
    else parts.push(...values.slice(start, end + 1).map(String));
    start = end + 1;
  }
  return parts.join(",");
};

const field = (values: readonly number[], full: number): string =>
  values.length === full ? "*" : runs(values);

/**
 * The EventBridge Scheduler form of a five-field cron: `cron(minutes hours day-of-month month day-of-week *)`,
 * one day field `?`, days of the week 1–7 (Sunday is 1) — with lists and plain ranges only, so no syntax
 * differs, and short enough for Scheduler's 256 characters whatever the cron (at most about 200).
 */
export const eventBridgeCron = (spec: CronSpec): string => {
  const dayOfWeek = spec.restrictsDayOfWeek ? runs(spec.daysOfWeek.map((day) => day + 1)) : "?";
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

/** One part of an EventBridge day-of-week field (1–7, Sunday 1) in the five-field form (0–6); undefined if not plain. */
const shiftWeekdayPart = (part: string): string | undefined => {
  const [base = "", step] = part.split("/");
  if (base === "*") return part;
  const bounds = base.split("-");
  if (bounds.length > 2 || !bounds.every((bound) => /^[1-7]$/.test(bound))) return undefined;
  const shifted = bounds.map((bound) => Number(bound) - 1);
  // `a/n` runs to the end of the week: Saturday (6 here), never on to 7 (which the five-field form reads as Sunday).
  if (step !== undefined && shifted.length === 1) return `${shifted[0]}-6/${step}`;
  return `${shifted.join("-")}${step === undefined ? "" : `/${step}`}`;
};

/**
 * Parses the inside of an EventBridge Scheduler `cron(...)`: six fields `minutes hours day-of-month month
 * day-of-week year`, exactly one day field `?`, day-of-week 1–7 (Sunday 1), year `*` — through `parseCron`, the
 * one cron parser. Names (`MON`, `JAN`), `L`, `W` and `#` are refused as unsupported.
 */
export const parseEventBridgeCron = (fields: string): CronParse => {
  const parts = fields.length <= 200 ? fields.trim().split(/\s+/) : [];
  const [minute, hour, dayOfMonth, month, dayOfWeek, year] = parts;
  if (parts.length !== 6 || dayOfWeek === undefined || dayOfMonth === undefined)
    return { ok: false, problem: 'must have 6 fields "minutes hours day-of-month month day-of-week year"' };
  if (year !== "*") return { ok: false, problem: `year "${year}" is not supported (only "*")` };
  if ((dayOfMonth === "?") === (dayOfWeek === "?"))
    return { ok: false, problem: 'exactly one of day-of-month and day-of-week must be "?"' };
  const weekdays = dayOfWeek === "?" ? ["*"] : dayOfWeek.split(",").map(shiftWeekdayPart);
  if (weekdays.some((part) => part === undefined))
    return { ok: false, problem: `day-of-week "${dayOfWeek}" is not 1–7, a range, list or step` };
  return parseCron(
    [minute, hour, dayOfMonth === "?" ? "*" : dayOfMonth, month, weekdays.join(",")].join(" "),
  );
};
