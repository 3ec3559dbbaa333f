/**
 * Untrusted text (from a server, a body, a file) made safe to show on a terminal: one line, bounded, every
 * character that could move the cursor, recolour the screen, start a new line or reorder what is shown
 * spelled out as a visible escape. The CLI prints every untrusted string through `escapeText`, and the
 * client names where a refused redirect pointed with it.
 */

/** How long an escaped text may be unless the caller says otherwise, in characters. */
export const MAX_ESCAPED_TEXT = 2_000;

/**
 * C0 controls, DEL and C1 controls (ESC, CSI, OSC, BEL, CR, LF, …); the bidirectional marks, embeddings,
 * overrides and isolates (U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069); the line and paragraph
 * separators (U+2028–U+2029); and lone surrogates.
 */
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** `\n`, `\r`, `\t`; other C0 controls as `\x1b`; everything else as `\u202e` (valid inside a JSON string). */
const escapeChar = (char: string): string => {
  const named = NAMED[char];
  if (named !== undefined) return named;
  const code = char.charCodeAt(0);
  return code < 0x20
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
};

const UNSAFE_ALL = new RegExp(UNSAFE.source, "g");

/**
 * `value` as text with every unsafe character escaped, at most `max` characters long: a longer text is cut
 * (never inside an escape or a surrogate pair) and ends with `…`. Escaping twice changes nothing more (an
 * escape is plain ASCII), so a value may pass through it again on its way out. A value that is not a string
 * (a server may send anything) is shown as `String(value)`.
 */
export const escapeText = (value: unknown, max = MAX_ESCAPED_TEXT): string => {
  const text = typeof value === "string" ? value : String(value);
  const limit = Math.max(1, Math.floor(max));
  if (text.length <= limit && !UNSAFE.test(text)) return text;
  if (text.length <= limit) {
    const whole = text.replace(UNSAFE_ALL, escapeChar);
    if (whole.length <= limit) return whole;
  }
  // Piece by piece (a code point or its escape) until `limit - 1` characters, leaving room for `…`.
  let out = "";
  for (const char of text.slice(0, limit + 1)) {
    const piece = UNSAFE.test(char) ? escapeChar(char) : char;
    if (out.length + piece.length > limit - 1) break;
    out += piece;
  }
  return `${out}…`;
};
