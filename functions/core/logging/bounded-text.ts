/** Longest error message a log line, a failure entry or a dead letter's `lastError` carries (characters). */
export const MAX_ERROR_MESSAGE_CHARS = 2000;

/** A UTF-16 high surrogate: the first half of a character outside the BMP. */
const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/**
 * `text` cut to at most `max` UTF-16 code units, never leaving half a surrogate pair. The one truncation of
 * untrusted text for logs and stored error summaries.
 */
export const boundText = (text: string, max: number = MAX_ERROR_MESSAGE_CHARS): string => {
  if (text.length <= max) return text;
  const end = isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
  return text.slice(0, end);
};
