import { isScheduleName } from "../config/schedules";
import { InvalidScheduleListQueryError } from "./errors";

/** Where a page of `GET /schedules` stopped: the configured schedules come first, then the stored ones. */
export interface ScheduleCursor {
  readonly section: "config" | "api";
  /** The last name listed (or passed over) in that section; the next page starts after it. */
  readonly name: string;
}

export interface ScheduleListOptions {
  readonly limit: number;
  readonly cursor?: ScheduleCursor | undefined;
}

export const SCHEDULE_LIST_LIMIT = { min: 1, max: 100, default: 20 } as const;

const MAX_CURSOR_LENGTH = 256;
const SECTIONS = { c: "config", a: "api" } as const;

/** Opaque to clients: base64url of `{ v: 1, s: "c" | "a", n: last name }`. */
export const encodeScheduleCursor = (cursor: ScheduleCursor): string => {
  const s = cursor.section === "config" ? "c" : "a";
  return Buffer.from(JSON.stringify({ v: 1, s, n: cursor.name }), "utf8").toString("base64url");
};

const readJson = (raw: string): unknown => {
  try {
    return JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch (cause) {
    throw new InvalidScheduleListQueryError("cursor", "is not one this API issued", { cause });
  }
};

/** `InvalidScheduleListQueryError` (400 `INVALID_CURSOR`) for anything `encodeScheduleCursor` did not make. */
export const decodeScheduleCursor = (raw: string): ScheduleCursor => {
  if (raw.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(raw))
    throw new InvalidScheduleListQueryError("cursor", "is not one this API issued");
  const value = readJson(raw);
  const { v, s, n } = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const section = s === "c" || s === "a" ? SECTIONS[s] : undefined;
  if (v !== 1 || !section || typeof n !== "string" || !isScheduleName(n))
    throw new InvalidScheduleListQueryError("cursor", "is not one this API issued");
  return { section, name: n };
};

const parseLimit = (raw: string | undefined): number => {
  if (raw === undefined || raw === "") return SCHEDULE_LIST_LIMIT.default;
  const value = Number(raw);
  if (!/^\d{1,3}$/.test(raw) || value < SCHEDULE_LIST_LIMIT.min || value > SCHEDULE_LIST_LIMIT.max) {
    throw new InvalidScheduleListQueryError(
      "limit",
      `must be a whole number from ${SCHEDULE_LIST_LIMIT.min} to ${SCHEDULE_LIST_LIMIT.max}`,
    );
  }
  return value;
};

/** `?limit=&cursor=` of `GET /schedules`, checked. */
export const parseScheduleListQuery = (
  query: Readonly<Record<string, string | undefined>>,
): ScheduleListOptions => ({
  limit: parseLimit(query.limit),
  cursor: query.cursor ? decodeScheduleCursor(query.cursor) : undefined,
});
