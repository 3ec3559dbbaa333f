import { isDeadLetterId } from "./dead-letter-id";
import { InvalidCursorError } from "./errors";
import type { CursorKey } from "./types";

/** Longest cursor accepted (a real one is ~150 characters). */
const MAX_CURSOR_LENGTH = 2048;

const VERSION = 1;

interface CursorJson {
  readonly v: number;
  readonly q: string;
  readonly i: string;
  readonly t: string;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** Opaque to clients: base64url of a small versioned JSON object holding the last item's keys. */
export const encodeCursor = (key: CursorKey): string => {
  const json: CursorJson = { v: VERSION, q: key.queue, i: key.id, t: key.deadLetteredAt };
  return Buffer.from(JSON.stringify(json), "utf8").toString("base64url");
};

const parseJson = (raw: string): unknown => {
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) throw new InvalidCursorError("not base64url");
  try {
    return JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch (cause) {
    throw new InvalidCursorError("not a cursor this API issued", { cause });
  }
};

const isCursorJson = (value: unknown): value is CursorJson => {
  if (typeof value !== "object" || value === null) return false;
  const { v, q, i, t } = value as Record<string, unknown>;
  return (
    v === VERSION &&
    typeof q === "string" &&
    typeof i === "string" &&
    isDeadLetterId(i) &&
    typeof t === "string"
  );
};

/**
 * Decodes and checks a cursor for `queue`. Throws `InvalidCursorError` (400 `INVALID_CURSOR`) when it is
 * malformed, from another version, or was issued for another queue.
 */
export const decodeCursor = (raw: string, queue: string): CursorKey => {
  if (raw.length === 0 || raw.length > MAX_CURSOR_LENGTH) {
    throw new InvalidCursorError(`length must be 1–${MAX_CURSOR_LENGTH}`);
  }
  const value = parseJson(raw);
  if (!isCursorJson(value)) throw new InvalidCursorError("not a cursor this API issued");
  if (!ISO_INSTANT.test(value.t)) throw new InvalidCursorError("not a cursor this API issued");
  if (value.q !== queue) throw new InvalidCursorError(`it was issued for another queue, not "${queue}"`);
  return { queue: value.q, id: value.i, deadLetteredAt: value.t };
};
