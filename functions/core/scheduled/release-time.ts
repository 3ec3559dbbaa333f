import type { FieldIssue } from "../producer/fields";

/** A delayed message waits in a DynamoDB item (≤ 400 KB): body + attributes at most 256 KiB. */
export const MAX_SCHEDULED_BYTES = 262_144;

/** The longest delay: 365 days, in seconds. */
export const MAX_DELAY_SECONDS = 31_536_000;

/** RFC 3339 date-time with a zone (`Z` or `±hh:mm`), seconds required, fraction optional. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):(\d{2}))$/;

/** When a publish is released: `undefined` for an immediate publish. */
export type Timing =
  | { readonly ok: true; readonly releaseAt: number | undefined }
  | { readonly ok: false; readonly issues: FieldIssue[] };

const fail = (field: string, message: string): Timing => ({ ok: false, issues: [{ field, message }] });

const isRealDate = (match: RegExpExecArray): boolean => {
  const [, y, mo, d, h, mi, s, , , zh, zm] = match.map((part) =>
    part === undefined ? undefined : Number(part),
  );
  const days = new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate();
  return (
    Number(mo) >= 1 &&
    Number(mo) <= 12 &&
    Number(d) >= 1 &&
    Number(d) <= days &&
    Number(h) <= 23 &&
    Number(mi) <= 59 &&
    Number(s) <= 60 &&
    (zh ?? 0) <= 23 &&
    (zm ?? 0) <= 59
  );
};

/** Parses an RFC 3339 time to epoch ms, or undefined. A leap second (`:60`) counts as the next second. */
export const parseRfc3339 = (value: string): number | undefined => {
  const match = RFC3339.exec(value);
  if (!match || !isRealDate(match)) return undefined;
  const ms = Date.parse(value.replace(/:60(?=[.Zz+-])/, ":59")) + (/:60(?=[.Zz+-])/.test(value) ? 1000 : 0);
  return Number.isFinite(ms) ? ms : undefined;
};

const fromDelay = (value: unknown, now: number): Timing => {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > MAX_DELAY_SECONDS) {
    return fail(
      "delaySeconds",
      `must be a whole number of seconds from 0 to ${MAX_DELAY_SECONDS} (365 days)`,
    );
  }
  return { ok: true, releaseAt: value === 0 ? undefined : now + value * 1000 };
};

const fromNotBefore = (value: unknown, now: number): Timing => {
  const at = typeof value === "string" && value.length <= 40 ? parseRfc3339(value) : undefined;
  if (at === undefined) {
    return fail("notBefore", 'must be an RFC 3339 time with a zone, e.g. "2027-01-31T09:00:00Z"');
  }
  if (at > now + MAX_DELAY_SECONDS * 1000) return fail("notBefore", "must be at most 365 days ahead");
  return { ok: true, releaseAt: at <= now ? undefined : at };
};

/**
 * The release time of a publish envelope with `delaySeconds` or `notBefore` (not both); `releaseAt`
 * undefined means "now" (no delay, or a `notBefore` already past).
 */
export const releaseTimeOf = (raw: Readonly<Record<string, unknown>>, now: number): Timing => {
  const hasDelay = Object.hasOwn(raw, "delaySeconds");
  const hasNotBefore = Object.hasOwn(raw, "notBefore");
  if (hasDelay && hasNotBefore) return fail("delaySeconds", "and notBefore cannot both be given: choose one");
  if (hasDelay) return fromDelay(raw.delaySeconds, now);
  if (hasNotBefore) return fromNotBefore(raw.notBefore, now);
  return { ok: true, releaseAt: undefined };
};
