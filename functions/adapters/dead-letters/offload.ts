import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { CorruptDeadLetterError } from "../../core/dead-letters/errors";
import type { DeadLetterRecord } from "../../core/dead-letters/types";
import {
  deadLetterPayloadKey,
  PayloadNotFoundError,
  type PayloadStore,
} from "../../core/payloads/payload-store";
import { bytes } from "../../core/producer/message-size";
import type { Item } from "./dead-letter-item";

/**
 * The most a record's body and attributes may weigh inside its DynamoDB item (400 KB, the other fields
 * included: ids, a bounded lastError, keys). A record above it is stored another way, never cut and never
 * retried forever: body and attributes go to the payload store as one object, and the item keeps everything
 * else plus `payload` = the object's key.
 */
export const MAX_INLINE_RECORD_BYTES = 350_000;

/** What a record's body and attributes weigh in bytes (what moves to the payload store when it is too much). */
export const recordWeight = (record: DeadLetterRecord): number => {
  let size = bytes(record.rawBody);
  for (const [name, value] of Object.entries(record.attributes)) size += bytes(name) + bytes(value) + 32;
  return size;
};

/** The parts of an item that move to the payload store. */
const MOVED = ["rawBody", "attributeList"] as const;

/**
 * The item to put for `record`: `item` itself when it fits, else the same item with body and attributes
 * replaced by a reference, after writing them to the store (key fixed per record: a retry overwrites the same
 * object with the same content).
 */
export const offloadIfLarge = async (
  record: DeadLetterRecord,
  item: Item,
  payloads: PayloadStore | undefined,
): Promise<Item> => {
  if (!payloads || recordWeight(record) <= MAX_INLINE_RECORD_BYTES) return item;
  const key = deadLetterPayloadKey(record.queue, record.id);
  await payloads.put(key, JSON.stringify({ rawBody: item.rawBody, attributeList: item.attributeList }));
  return { ...item, rawBody: { S: "" }, attributeList: { L: [] }, payload: { S: key } };
};

/** The moved parts of an item, or `undefined` when the object is gone (expired or never written). */
const readMoved = async (key: string, payloads: PayloadStore) => {
  try {
    return JSON.parse(await payloads.get(key)) as Record<string, AttributeValue | undefined>;
  } catch (error) {
    if (error instanceof PayloadNotFoundError) return undefined;
    throw error;
  }
};

/**
 * An item as stored, with its body and attributes read back from the store when they were moved there. When
 * that object is gone, the item itself with an empty body flagged `bodyTruncated` (body unavailable, not
 * redrivable): one lost object never fails a listing or a read, and the record can still be discarded.
 */
export const restoreItem = async (item: Item, payloads: PayloadStore | undefined): Promise<Item> => {
  const key = item.payload?.S;
  if (key === undefined) return item;
  if (!payloads)
    throw new CorruptDeadLetterError(`record ${key} is in the payload store, which is not configured`);
  const moved = await readMoved(key, payloads);
  if (!moved) return { ...item, rawBody: { S: "" }, attributeList: { L: [] }, bodyTruncated: { BOOL: true } };
  const restored: Item = { ...item };
  for (const name of MOVED) {
    const value = moved[name];
    if (!value) throw new CorruptDeadLetterError(`payload ${key} has no ${name}`);
    restored[name] = value;
  }
  return restored;
};
