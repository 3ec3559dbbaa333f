import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { deadLetterDedupKey } from "../../core/dead-letters/dedup-key";
import { CorruptDeadLetterError } from "../../core/dead-letters/errors";
import { parseBody } from "../../core/dead-letters/to-dead-letter";
import { DEAD_LETTER_STATUSES, type DeadLetterRecord } from "../../core/dead-letters/types";
import { DEAD_LETTER_TABLE } from "../../core/tables";

export type Item = Record<string, AttributeValue>;

/**
 * The user's attributes as a list of `{ n: name, v: value, t?: data type }`, not as a map keyed by name: the AWS
 * SDK's JSON deserializer (`@smithy/core` 3.41) reads the value of a map key `__proto__` as `undefined`, and an
 * attribute of that name is as ordinary as any other.
 */
const attributeList = (record: DeadLetterRecord): AttributeValue => ({
  L: Object.entries(record.attributes).map(([name, value]) => {
    const type = Object.hasOwn(record.attributeTypes, name) ? record.attributeTypes[name] : undefined;
    return { M: { n: { S: name }, v: { S: value }, ...(type === undefined ? {} : { t: { S: type } }) } };
  }),
});

const optional = (name: string, value: string | undefined): Item =>
  value === undefined ? {} : { [name]: { S: value } };

/** A record as a DynamoDB item; `body` is not stored (it is `rawBody` parsed on read). */
export const toItem = (record: DeadLetterRecord, expiresAtEpochSeconds: number): Item => ({
  [DEAD_LETTER_TABLE.partitionKey]: { S: record.queue },
  [DEAD_LETTER_TABLE.sortKey]: { S: record.id },
  messageId: { S: record.messageId },
  groupId: { S: record.groupId },
  dedupId: { S: record.dedupId },
  rawBody: { S: record.rawBody },
  bodyTruncated: { BOOL: record.bodyTruncated },
  attributeList: attributeList(record),
  receiveCount: { N: String(record.receiveCount) },
  firstSentAt: { S: record.firstSentAt },
  [DEAD_LETTER_TABLE.byTimeIndex.sortKey]: { S: record.deadLetteredAt },
  [DEAD_LETTER_TABLE.byDedupIndex.sortKey]: { S: deadLetterDedupKey(record) },
  lastError: record.lastError
    ? {
        M: {
          name: { S: record.lastError.name },
          message: { S: record.lastError.message },
          at: { S: record.lastError.at },
        },
      }
    : { NULL: true },
  status: { S: record.status },
  ...optional("redrivenMessageId", record.redrivenMessageId),
  ...optional("redrivenAt", record.redrivenAt),
  ...optional("redriveClaimedAt", record.redriveClaimedAt),
  ...optional("discardedAt", record.discardedAt),
  ...optional("redriveToken", record.redriveToken),
  [DEAD_LETTER_TABLE.ttlAttribute]: { N: String(expiresAtEpochSeconds) },
});

const str = (item: Item, name: string): string => {
  const value = item[name]?.S;
  if (value === undefined) throw new CorruptDeadLetterError(`attribute ${name} is not a string`);
  return value;
};

const optStr = (item: Item, name: string): Record<string, string> => {
  const value = item[name]?.S;
  return value === undefined ? {} : { [name]: value };
};

/** Attribute values and data types, in maps without prototype (any name is an ordinary name). */
const attributesOf = (item: Item) => {
  const values: Record<string, string> = Object.create(null);
  const types: Record<string, string> = Object.create(null);
  const list = item.attributeList?.L;
  if (list) {
    for (const entry of list) {
      const [name, value, type] = [entry.M?.n?.S, entry.M?.v?.S, entry.M?.t?.S];
      if (name === undefined || value === undefined)
        throw new CorruptDeadLetterError("an attribute without name or value");
      values[name] = value;
      if (type !== undefined) types[name] = type;
    }
    return { values, types };
  }
  // Written before attributeList: two maps keyed by name.
  for (const [name, value] of Object.entries(item.attributes?.M ?? {})) values[name] = value?.S ?? "";
  for (const [name, value] of Object.entries(item.attributeTypes?.M ?? {}))
    if (value?.S) types[name] = value.S;
  return { values, types };
};

const lastErrorOf = (item: Item): DeadLetterRecord["lastError"] => {
  const map = item.lastError?.M;
  if (!map) return null;
  return { name: str(map, "name"), message: str(map, "message"), at: str(map, "at") };
};

const statusOf = (item: Item) => {
  const raw = str(item, "status");
  const status = DEAD_LETTER_STATUSES.find((known) => known === raw);
  if (!status) throw new CorruptDeadLetterError(`status ${JSON.stringify(raw)}`);
  return status;
};

/** A DynamoDB item as a record. Throws `CorruptDeadLetterError` when it lacks what `toItem` writes. */
export const fromItem = (item: Item): DeadLetterRecord => {
  const rawBody = str(item, "rawBody");
  const bodyTruncated = item.bodyTruncated?.BOOL === true;
  const attributes = attributesOf(item);
  return {
    id: str(item, DEAD_LETTER_TABLE.sortKey),
    queue: str(item, DEAD_LETTER_TABLE.partitionKey),
    messageId: str(item, "messageId"),
    groupId: str(item, "groupId"),
    dedupId: str(item, "dedupId"),
    body: parseBody(rawBody, bodyTruncated),
    rawBody,
    bodyTruncated,
    attributes: attributes.values,
    attributeTypes: attributes.types,
    receiveCount: Number(item.receiveCount?.N ?? "0"),
    firstSentAt: str(item, "firstSentAt"),
    deadLetteredAt: str(item, DEAD_LETTER_TABLE.byTimeIndex.sortKey),
    lastError: lastErrorOf(item),
    status: statusOf(item),
    ...optStr(item, "redrivenMessageId"),
    ...optStr(item, "redrivenAt"),
    ...optStr(item, "redriveClaimedAt"),
    ...optStr(item, "discardedAt"),
    ...optStr(item, "redriveToken"),
  };
};

/** The index key of an item (table keys + index sort key): an `ExclusiveStartKey` for the `byTime` index. */
export const indexKey = (key: { queue: string; id: string; deadLetteredAt: string }): Item => ({
  [DEAD_LETTER_TABLE.partitionKey]: { S: key.queue },
  [DEAD_LETTER_TABLE.sortKey]: { S: key.id },
  [DEAD_LETTER_TABLE.byTimeIndex.sortKey]: { S: key.deadLetteredAt },
});

export const tableKey = (queue: string, id: string): Item => ({
  [DEAD_LETTER_TABLE.partitionKey]: { S: queue },
  [DEAD_LETTER_TABLE.sortKey]: { S: id },
});
