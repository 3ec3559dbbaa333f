/**
 * What must never reach a terminal raw from untrusted text: C0 controls, DEL, C1 controls, the bidi marks,
 * embeddings, overrides and isolates, the line and paragraph separators, and lone surrogates.
 */
export const UNSAFE_TEXT =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
