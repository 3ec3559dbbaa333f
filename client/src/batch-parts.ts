import { type ErrorCode, WIRE_LIMITS } from "../../contract/index.js";
import { timingFields } from "./timing.js";
import { jsonText } from "./transport.js";
import type { Message } from "./types.js";

/**
 * What one `POST …/messages/batch` request may carry: the API's limits (the batch route refuses more entries
 * with `BATCH_TOO_LARGE` and a longer body with `413 PAYLOAD_TOO_LARGE`), so a message of up to the API's
 * 5 MiB is sent, alone when nothing else fits beside it.
 */
export const BATCH_LIMITS = {
  maxEntries: WIRE_LIMITS.maxBatchEntries,
  maxRequestBytes: WIRE_LIMITS.maxRequestBytes,
} as const;

/** `{"messages":[` + `]}` */
const ENVELOPE_BYTES = '{"messages":[]}'.length;

const encoder = new TextEncoder();

/** UTF-8 bytes of a text, as the API counts a request body: the client's one way of measuring a size. */
export const utf8Bytes = (text: string): number => encoder.encode(text).length;

export interface SerializedEntry {
  /** The entry's JSON text: the same text on every attempt, so the dedup id (given or content-based) holds. */
  readonly text: string;
  readonly bytes: number;
  readonly groupId: string;
}

/**
 * Only the contract's fields (a delay as `delaySeconds`/`notBefore`), serialized once; one JSON cannot carry,
 * or a bad delay, is a `FifoqInputError` with its index.
 */
export const serializeEntry = (message: Message, index: number): SerializedEntry => {
  const entry = {
    body: message.body,
    groupId: message.groupId,
    ...(message.dedupId !== undefined ? { dedupId: message.dedupId } : {}),
    ...(message.attributes !== undefined ? { attributes: message.attributes } : {}),
    ...timingFields(message, index),
  };
  const text = jsonText(entry, `message ${index}`, index);
  return { text, bytes: utf8Bytes(text), groupId: String(message.groupId) };
};

/**
 * Lanes of disjoint groups: each group goes to one lane, round-robin in order of first appearance, so a
 * group's messages stay in order inside their lane while lanes run side by side.
 */
export const assignLanes = (entries: readonly SerializedEntry[], lanes: number): number[][] => {
  const laneOf = new Map<string, number>();
  const result: number[][] = Array.from({ length: Math.max(1, lanes) }, () => []);
  for (const [index, entry] of entries.entries()) {
    let lane = laneOf.get(entry.groupId);
    if (lane === undefined) {
      lane = laneOf.size % result.length;
      laneOf.set(entry.groupId, lane);
    }
    result[lane]?.push(index);
  }
  return result.filter((lane) => lane.length > 0);
};

/** The code of an entry that no request can carry (the API's own code for a body over its limit). */
const TOO_LARGE: ErrorCode = "PAYLOAD_TOO_LARGE";

/**
 * Why `entry` cannot be sent even alone (its request body would be over the API's limit), or undefined when
 * it can. Such an entry is never sent: the API would refuse the request with 413.
 */
export const tooLargeForAnyRequest = (entry: SerializedEntry, index: number) => {
  const bytes = ENVELOPE_BYTES + entry.bytes;
  if (bytes <= BATCH_LIMITS.maxRequestBytes) return undefined;
  const message = `not sent: message ${index} makes a request of ${bytes} bytes alone; the API takes at most ${BATCH_LIMITS.maxRequestBytes} bytes a request (a message at most ${WIRE_LIMITS.maxMessageBytes})`;
  return { code: TOO_LARGE, message, retryable: false };
};

/**
 * Takes the next request's entries from the front of `pending`: at most 100 and at most `maxBytes` of request
 * body (the API's limit, or less once a request that size was refused). The first entry is always taken (one
 * too large for any request never gets here).
 */
export const takePart = (
  pending: number[],
  entries: readonly SerializedEntry[],
  maxBytes: number = BATCH_LIMITS.maxRequestBytes,
): number[] => {
  const part: number[] = [];
  let bytes = ENVELOPE_BYTES;
  while (pending.length > 0 && part.length < BATCH_LIMITS.maxEntries) {
    const next = entries[pending[0] ?? -1];
    if (!next) break;
    const added = next.bytes + (part.length > 0 ? 1 : 0);
    if (part.length > 0 && bytes + added > maxBytes) break;
    part.push(pending.shift() ?? -1);
    bytes += added;
  }
  return part;
};

/** The UTF-8 bytes of `part`'s request body. */
export const partBytes = (part: readonly number[], entries: readonly SerializedEntry[]): number =>
  part.reduce(
    (sum, index) => sum + (entries[index]?.bytes ?? 0),
    ENVELOPE_BYTES + Math.max(0, part.length - 1),
  );

/** The request body for `part`, built from the entries' texts. */
export const partBody = (part: readonly number[], entries: readonly SerializedEntry[]): string =>
  `{"messages":[${part.map((index) => entries[index]?.text).join(",")}]}`;
