import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { CorruptDeadLetterError } from "../../core/dead-letters/errors";
import { parseBody } from "../../core/dead-letters/to-dead-letter";
import { DEAD_LETTER_STATUSES, type DeadLetterRecord } from "../../core/dead-letters/types";
import { DEAD_LETTER_TABLE } from "../../core/tables";

export type Item = Record<string, AttributeValue>;

const stringMap = (values: Readonly<Record<string, string>>): AttributeValue => ({
  M: Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { S: value }])),
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
  attributes: stringMap(record.attributes),
  attributeTypes: stringMap(record.attributeTypes),
  receiveCount: { N: String(record.receiveCount) },
  firstSentAt: { S: record.firstSentAt },
  [DEAD_LETTER_TABLE.byTimeIndex.sortKey]: { S: record.deadLetteredAt },
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

const strMap = (item: Item, name: string): Record<string, string> => {
  const entries = Object.entries(item[name]?.M ?? {});
  return Object.fromEntries(entries.map(([key, value]) => [key, value.S ?? ""]));
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
  return {
    id: str(item, DEAD_LETTER_TABLE.sortKey),
    queue: str(item, DEAD_LETTER_TABLE.partitionKey),
    messageId: str(item, "messageId"),
    groupId: str(item, "groupId"),
    dedupId: str(item, "dedupId"),
    body: parseBody(rawBody, bodyTruncated),
    rawBody,
    bodyTruncated,
    attributes: strMap(item, "attributes"),
    attributeTypes: strMap(item, "attributeTypes"),
    receiveCount: Number(item.receiveCount?.N ?? "0"),
    firstSentAt: str(item, "firstSentAt"),
    deadLetteredAt: str(item, DEAD_LETTER_TABLE.byTimeIndex.sortKey),
    lastError: lastErrorOf(item),
    status: statusOf(item),
    ...optStr(item, "redrivenMessageId"),
    ...optStr(item, "redrivenAt"),
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
