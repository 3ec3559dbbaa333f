import { InvalidScheduledCursorError } from "./errors";
import { isScheduledId } from "./rules";

const MAX_CURSOR_LENGTH = 512;

/** Opaque to clients: base64url of `{ v: 1, q: queue, i: last id }`. */
export const encodeScheduledCursor = (queue: string, lastId: string): string =>
  Buffer.from(JSON.stringify({ v: 1, q: queue, i: lastId }), "utf8").toString("base64url");

/** The last id of the previous page; `InvalidScheduledCursorError` (400) for anything this API did not issue. */
export const decodeScheduledCursor = (raw: string, queue: string): string => {
  if (raw.length === 0 || raw.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(raw)) {
    throw new InvalidScheduledCursorError("not a cursor this API issued");
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch (cause) {
    throw new InvalidScheduledCursorError("not a cursor this API issued", { cause });
  }
  const { v, q, i } = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  if (v !== 1 || typeof i !== "string" || !isScheduledId(i)) {
    throw new InvalidScheduledCursorError("not a cursor this API issued");
  }
  if (q !== queue) throw new InvalidScheduledCursorError(`it was issued for another queue, not "${queue}"`);
  return i;
};
