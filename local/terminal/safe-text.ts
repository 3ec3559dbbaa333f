/**
 * Untrusted text (ids, group ids, error messages, paths from requests) made safe for a terminal line: control
 * characters, bidirectional marks and overrides, line separators and lone surrogates spelled out as visible
 * escapes, and the whole cut to `max` characters with `…`. A value that is not a string is `String(value)`.
 */

const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const escapeChar = (char: string): string => {
  const code = char.charCodeAt(0);
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
};

/** Longest untrusted value on one line unless the caller says otherwise. */
const MAX_TEXT = 200;

export const safeText = (value: unknown, max = MAX_TEXT): string => {
  const text = (typeof value === "string" ? value : String(value)).slice(0, max * 2);
  const escaped = text.replace(UNSAFE, escapeChar);
  if (escaped.length <= max) return escaped;
  // Cut, then drop a half escape or a half surrogate pair at the cut.
  const cut = escaped
    .slice(0, max - 1)
    .replace(/\\(x[0-9a-f]?|u[0-9a-f]{0,3})?$/, "")
    .replace(/[\ud800-\udbff]$/, "");
  return `${cut}…`;
};
