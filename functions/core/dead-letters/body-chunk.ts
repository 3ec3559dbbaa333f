import type { DeadLetterBodyChunk } from "../../../contract";
import { MAX_PAGE_BYTES, responseBytes } from "../http/page-bytes";
import { InvalidDeadLetterQueryError } from "./errors";

/** What an empty text weighs in `responseBytes` (its quotes, escaped): a text's own weight is above it. */
const EMPTY_TEXT = responseBytes("");

/** The weight of each UTF-16 code unit met so far, alone (a lone surrogate is escaped as `\udXXX`). */
const unitWeights = new Map<number, number>();
/** A surrogate pair is copied as is by both escapings: its 4 UTF-8 bytes. */
const PAIR_WEIGHT = responseBytes("\u{1F600}") - EMPTY_TEXT;

const unitWeight = (unit: number): number => {
  let weight = unitWeights.get(unit);
  if (weight === undefined) {
    weight = responseBytes(String.fromCharCode(unit)) - EMPTY_TEXT;
    unitWeights.set(unit, weight);
  }
  return weight;
};

const isHigh = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLow = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/** Whether `at` falls between the two halves of a surrogate pair. */
const splitsPair = (text: string, at: number): boolean =>
  at > 0 && at < text.length && isHigh(text.charCodeAt(at - 1)) && isLow(text.charCodeAt(at));

/**
 * The end of the longest slice from `start` whose text weighs at most `budget` in `responseBytes`, walking
 * code point by code point (a pair is never cut); always past at least one code point when any is left.
 */
const endWithin = (text: string, start: number, budget: number): number => {
  let end = start;
  let used = 0;
  while (end < text.length) {
    const unit = text.charCodeAt(end);
    const pair = isHigh(unit) && isLow(text.charCodeAt(end + 1));
    const weight = pair ? PAIR_WEIGHT : unitWeight(unit);
    if (used + weight > budget && end > start) break;
    used += weight;
    end += pair ? 2 : 1;
  }
  return end;
};

const chunkOf = (text: string, offset: number, end: number): DeadLetterBodyChunk => ({
  offset,
  text: text.slice(offset, end),
  totalLength: text.length,
  ...(end < text.length ? { nextOffset: end } : {}),
});

/**
 * The slice of `body` from `offset` that one answer carries: as long as keeps `responseBytes` of the answer
 * within `MAX_PAGE_BYTES` (Lambda's 6 MB less room for the envelope), never ending inside a surrogate pair,
 * with `nextOffset` while more follows. Linear in the slice's length. `maxBytes`: for tests of small slices.
 */
export const bodyChunk = (body: string, offset: number, maxBytes = MAX_PAGE_BYTES): DeadLetterBodyChunk => {
  const envelope = responseBytes({ offset, text: "", totalLength: body.length, nextOffset: body.length });
  let end = endWithin(body, offset, maxBytes - envelope);
  let chunk = chunkOf(body, offset, end);
  // The walk's sum is exact; this only guards it (each code unit weighs at least one byte), never below the
  // first code point, and `end` falls on every turn.
  const first = endWithin(body, offset, 0);
  for (let excess = responseBytes(chunk) - maxBytes; excess > 0 && end > first; ) {
    end = Math.max(first, end - excess);
    if (splitsPair(body, end)) end -= 1;
    chunk = chunkOf(body, offset, end);
    excess = responseBytes(chunk) - maxBytes;
  }
  return chunk;
};

const badOffset = (raw: string, allowed: string) =>
  new InvalidDeadLetterQueryError(
    "offset",
    `${JSON.stringify(raw).slice(0, 40)} is not allowed; use ${allowed}: 0, then each answer's nextOffset`,
  );

/** `?offset=` of the body route as a whole number (absent: 0), checked before the record is read. */
export const parseBodyOffset = (raw: string | undefined): number => {
  if (raw === undefined || raw === "") return 0;
  if (!/^\d{1,16}$/.test(raw)) throw badOffset(raw, "a whole number");
  return Number(raw);
};

/** The offset, once the body's length is known: at most that length. */
export const offsetWithin = (offset: number, raw: string | undefined, length: number): number => {
  if (offset <= length) return offset;
  throw badOffset(raw ?? "", `a whole number from 0 to the body's length (${length})`);
};
