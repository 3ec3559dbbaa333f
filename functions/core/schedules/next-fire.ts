import { type CronSpec, matchesDay } from "./cron";
import { DAY_MS, instantOfWallTime, offsetAt, wallDateAt } from "./zone";

/** How far ahead to look: a 29 February schedule can wait 8 years (2096 → 2104). */
const HORIZON_DAYS = 366 * 9;

/**
 * The zone's one offset around a day (from the day before to the day after), or undefined when it changes there.
 * Most days have one: their wall times then need no `Intl` call each (an every-minute schedule has 1,440).
 */
const steadyOffset = (zone: string, day: number): number | undefined => {
  const offsets = [-1, 0, 1, 2].map((shift) => offsetAt(zone, day + shift * DAY_MS));
  return offsets.every((offset) => offset === offsets[0]) ? offsets[0] : undefined;
};

/** The fire instants of one calendar day (wall midnight as `Date.UTC`), sorted. */
const firesOnDay = (spec: CronSpec, zone: string, day: number): number[] => {
  const date = new Date(day);
  if (!matchesDay(spec, date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate())) return [];
  const offset = steadyOffset(zone, day);
  const instants: number[] = [];
  for (const hour of spec.hours) {
    for (const minute of spec.minutes) {
      const wall = day + hour * 3_600_000 + minute * 60_000;
      instants.push(offset === undefined ? instantOfWallTime(zone, wall) : wall - offset);
    }
  }
  return instants.sort((a, b) => a - b);
};

/**
 * The first fire of `spec` in `zone` strictly after `after` (epoch ms), or undefined if none within nine years.
 * A wall time that a DST change skips fires once, shifted by the gap (02:30 → 03:30); one that happens twice
 * fires once, at its first occurrence; a day that does not exist (31 April, 29 February of a common year)
 * never fires.
 */
export const nextFire = (spec: CronSpec, zone: string, after: number): number | undefined => {
  const firstDay = wallDateAt(zone, after) - DAY_MS;
  for (let index = 0; index <= HORIZON_DAYS; index += 1) {
    const found = firesOnDay(spec, zone, firstDay + index * DAY_MS).find((instant) => instant > after);
    if (found !== undefined) return found;
  }
  return undefined;
};

/** The next `count` fires after `after`. */
export const nextFires = (spec: CronSpec, zone: string, after: number, count: number): number[] => {
  const fires: number[] = [];
  let from = after;
  while (fires.length < count) {
    const next = nextFire(spec, zone, from);
    if (next === undefined) break;
    fires.push(next);
    from = next;
  }
  return fires;
};

/** A tick's dedupId: fifoq's own prefix, the schedule and the tick's instant (`20270131T090000Z`). */
export const tickDedupId = (schedule: string, tick: number): string =>
  `fifoq-tick-${schedule}-${new Date(tick).toISOString().replace(/[-:]|\.\d{3}/g, "")}`;
