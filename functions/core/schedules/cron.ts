/**
 * Five-field cron expressions (`minute hour day-of-month month day-of-week`), the form fifoq's configuration
 * and API take. Fields: `*`, numbers, ranges `a-b`, lists `a,b`, steps `*\/n` and `a-b/n`; day-of-week 0–7
 * (0 and 7 are Sunday). Day-of-month and day-of-week cannot both be restricted (EventBridge Scheduler, which
 * runs them in the cloud, has no "either" form). Pure: no clock, no time zone here.
 */

export interface CronSpec {
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly daysOfMonth: readonly number[];
  readonly months: readonly number[];
  /** 0 = Sunday … 6 = Saturday. */
  readonly daysOfWeek: readonly number[];
  /** Which day fields were restricted (not `*`). */
  readonly restrictsDayOfMonth: boolean;
  readonly restrictsDayOfWeek: boolean;
  /** The expression as given. */
  readonly source: string;
}

export type CronParse =
  | { readonly ok: true; readonly spec: CronSpec }
  | { readonly ok: false; readonly problem: string };

const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day-of-week", min: 0, max: 7 },
] as const;

const NUMBER = /^\d{1,2}$/;

type Field = (typeof FIELDS)[number];

const range = (from: number, to: number, step: number): number[] => {
  const values: number[] = [];
  for (let value = from; value <= to; value += step) values.push(value);
  return values;
};

/** One comma-separated part of a field: its values, or what is wrong with it. */
const parsePart = (part: string, field: Field): number[] | string => {
  const [base = "", stepText, extra] = part.split("/");
  if (extra !== undefined || (stepText !== undefined && !NUMBER.test(stepText)))
    return `"${part}" has a bad step`;
  const step = stepText === undefined ? 1 : Number(stepText);
  if (step < 1) return `"${part}" has a step of 0`;
  if (base === "*") return range(field.min, field.max, step);
  const [fromText = "", toText, more] = base.split("-");
  if (more !== undefined || !NUMBER.test(fromText) || (toText !== undefined && !NUMBER.test(toText))) {
    return `"${part}" is not a number, range or step`;
  }
  const from = Number(fromText);
  const to = toText === undefined ? (stepText === undefined ? from : field.max) : Number(toText);
  if (from < field.min || to > field.max || from > to) {
    return `"${part}" is outside ${field.min}–${field.max}`;
  }
  return range(from, to, step);
};

const parseField = (text: string, field: Field): number[] | string => {
  const values = new Set<number>();
  for (const part of text.split(",")) {
    const parsed = parsePart(part, field);
    if (typeof parsed === "string") return `${field.name} ${parsed}`;
    for (const value of parsed) values.add(field.name === "day-of-week" && value === 7 ? 0 : value);
  }
  return [...values].sort((a, b) => a - b);
};

/** Parses a five-field cron expression; the problem names the field and the allowed range. */
export const parseCron = (expression: string): CronParse => {
  const parts = expression.length <= 200 ? expression.trim().split(/\s+/) : [];
  if (parts.length !== 5) {
    return {
      ok: false,
      problem: 'must have 5 fields "minute hour day-of-month month day-of-week", e.g. "0 9 * * 1-5"',
    };
  }
  const fields: number[][] = [];
  for (const [index, field] of FIELDS.entries()) {
    const parsed = parseField(parts[index] ?? "", field);
    if (typeof parsed === "string") return { ok: false, problem: parsed };
    fields.push(parsed);
  }
  const [minutes = [], hours = [], daysOfMonth = [], months = [], daysOfWeek = []] = fields;
  const restrictsDayOfMonth = parts[2] !== "*";
  const restrictsDayOfWeek = parts[4] !== "*";
  if (restrictsDayOfMonth && restrictsDayOfWeek) {
    return {
      ok: false,
      problem: 'restricts both day-of-month and day-of-week; restrict one and leave the other "*"',
    };
  }
  const spec = {
    minutes,
    hours,
    daysOfMonth,
    months,
    daysOfWeek,
    restrictsDayOfMonth,
    restrictsDayOfWeek,
    source: expression,
  };
  return { ok: true, spec };
};

/** Whether a calendar day (proleptic Gregorian, month 1–12) matches the day fields. */
export const matchesDay = (spec: CronSpec, year: number, month: number, day: number): boolean => {
  if (!spec.months.includes(month)) return false;
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return spec.daysOfMonth.includes(day) && spec.daysOfWeek.includes(weekday);
};
