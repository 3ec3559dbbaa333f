import { WIRE_LIMITS } from "../../contract/index.js";
import { timingFields } from "./timing.js";
import { jsonText } from "./transport.js";
import type { Message } from "./types.js";

/**
 * What one `POST …/messages/batch` request may carry: the API's entry limit; 1 MiB (well under the API's
 * request limit) keeps requests small.
 */
export const BATCH_LIMITS = { maxEntries: WIRE_LIMITS.maxBatchEntries, maxRequestBytes: 1_048_576 } as const;

/** `{"messages":[` + `]}` */
const ENVELOPE_BYTES = '{"messages":[]}'.length;

const encoder = new TextEncoder();

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
  return { text, bytes: encoder.encode(text).length, groupId: String(message.groupId) };
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

/**
 * Takes the next request's entries from the front of `pending`: at most 100, and at most 1 MiB of request
 * body unless a single entry is larger by itself (it then goes alone and the API decides).
 */
export const takePart = (pending: number[], entries: readonly SerializedEntry[]): number[] => {
  const part: number[] = [];
  let bytes = ENVELOPE_BYTES;
  while (pending.length > 0 && part.length < BATCH_LIMITS.maxEntries) {
    const next = entries[pending[0] ?? -1];
    if (!next) break;
    const added = next.bytes + (part.length > 0 ? 1 : 0);
    if (part.length > 0 && bytes + added > BATCH_LIMITS.maxRequestBytes) break;
    part.push(pending.shift() ?? -1);
    bytes += added;
  }
  return part;
};

/** The request body for `part`, built from the entries' texts. */
export const partBody = (part: readonly number[], entries: readonly SerializedEntry[]): string =>
  `{"messages":[${part.map((index) => entries[index]?.text).join(",")}]}`;
