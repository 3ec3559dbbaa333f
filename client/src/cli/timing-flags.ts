import type { MessageTiming } from "../timing.js";
import { UsageError } from "./usage-error.js";

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** The API's longest delay (365 days), in seconds. */
const MAX_DELAY_SECONDS = 31_536_000;

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** `90s`, `10m`, `2h`, `3d` (or a bare number of seconds) → whole seconds; else a usage error. */
export const parseDuration = (raw: string): number => {
  const match = /^(\d{1,8})([smhd]?)$/.exec(raw.trim());
  const seconds = match ? Number(match[1]) * (UNIT_SECONDS[match[2] || "s"] ?? 1) : Number.NaN;
  if (!Number.isSafeInteger(seconds) || seconds > MAX_DELAY_SECONDS) {
    throw new UsageError(
      `--delay ${JSON.stringify(raw)} is not a duration of at most 365 days`,
      "Use a number with a unit: 90s, 10m, 2h, 3d",
    );
  }
  return seconds;
};

/** An RFC 3339 time with a zone, kept as written (the API reads it); else a usage error. */
export const parseAt = (raw: string): string => {
  if (!RFC3339.test(raw) || Number.isNaN(Date.parse(raw))) {
    throw new UsageError(
      `--at ${JSON.stringify(raw)} is not an RFC 3339 time`,
      "Give a date, a time and a zone, e.g. 2027-01-31T09:00:00Z or 2027-01-31T10:00:00+01:00",
    );
  }
  return raw;
};

export interface TimingFlags {
  readonly delay?: string;
  readonly at?: string;
}

/** `--delay` or `--at` (not both) as the client's `delay`/`notBefore`. */
export const timingOf = (flags: TimingFlags): MessageTiming => {
  if (flags.delay !== undefined && flags.at !== undefined) {
    throw new UsageError("give either --delay or --at, not both");
  }
  if (flags.delay !== undefined) return { delay: parseDuration(flags.delay) };
  if (flags.at !== undefined) return { notBefore: parseAt(flags.at) };
  return {};
};
