import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { CorruptScheduledItemError } from "../../core/scheduled/errors";
import { dueKeyOf } from "../../core/scheduled/rules";
import type { ScheduledMessage, ScheduledState } from "../../core/scheduled/types";
import { SCHEDULED_TABLE } from "../../core/tables";

type Item = Record<string, AttributeValue>;

/** How long an item stays after its `releaseAt` (for `GET …/scheduled/{id}` and the status route). */
export const SCHEDULED_RETENTION_SECONDS = 7 * 24 * 3600;

const STATES: readonly ScheduledState[] = ["scheduled", "released", "cancelled"];

export const groupKeyOf = (queue: string, groupId: string): string => JSON.stringify([queue, groupId]);

export const messageKey = (queue: string, id: string): Item => ({
  [SCHEDULED_TABLE.partitionKey]: { S: queue },
  [SCHEDULED_TABLE.sortKey]: { S: id },
});

export const expiresAtOf = (releaseAt: number): number =>
  Math.floor(releaseAt / 1000) + SCHEDULED_RETENTION_SECONDS;

/** Message attributes as a DynamoDB map (the scheduled messages' and the schedules'). */
export const attributesItem = (attributes: Readonly<Record<string, string>>): AttributeValue => ({
  M: Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, { S: value }])),
});

/** A new (scheduled) record as an item, with its group-order index keys. */
export const toItem = (record: ScheduledMessage): Item => ({
  ...messageKey(record.queue, record.id),
  groupId: { S: record.groupId },
  dedupId: { S: record.dedupId },
  body: { S: record.body },
  attributes: attributesItem(record.attributes),
  releaseAt: { N: String(record.releaseAt) },
  publishedAt: { N: String(record.publishedAt) },
  batchIndex: { N: String(record.batchIndex) },
  state: { S: record.state },
  [SCHEDULED_TABLE.ttlAttribute]: { N: String(expiresAtOf(record.releaseAt)) },
  [SCHEDULED_TABLE.byGroupDueIndex.partitionKey]: { S: groupKeyOf(record.queue, record.groupId) },
  [SCHEDULED_TABLE.byGroupDueIndex.sortKey]: { S: dueKeyOf(record) },
});

const text = (item: Item, name: string): string => {
  const value = item[name]?.S;
  if (value === undefined) throw new CorruptScheduledItemError(`${name} is missing`);
  return value;
};

const optionalNumber = (item: Item, name: string): number | undefined => {
  const value = item[name]?.N;
  return value === undefined ? undefined : Number(value);
};

const number = (item: Item, name: string): number => {
  const value = optionalNumber(item, name);
  if (value === undefined || !Number.isFinite(value))
    throw new CorruptScheduledItemError(`${name} is missing`);
  return value;
};

/** The attributes map without a prototype: `__proto__` is an ordinary name. */
export const attributesOf = (item: Item): Record<string, string> => {
  const attributes: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(item.attributes?.M ?? {})) {
    if (value.S !== undefined) attributes[name] = value.S;
  }
  return attributes;
};

export const fromItem = (item: Item): ScheduledMessage => {
  const state = text(item, "state") as ScheduledState;
  if (!STATES.includes(state)) throw new CorruptScheduledItemError(`state "${state}" is unknown`);
  const messageId = item.messageId?.S;
  return {
    id: text(item, SCHEDULED_TABLE.sortKey),
    queue: text(item, SCHEDULED_TABLE.partitionKey),
    groupId: text(item, "groupId"),
    dedupId: text(item, "dedupId"),
    body: text(item, "body"),
    attributes: attributesOf(item),
    releaseAt: number(item, "releaseAt"),
    publishedAt: number(item, "publishedAt"),
    batchIndex: number(item, "batchIndex"),
    state,
    releasedAt: optionalNumber(item, "releasedAt"),
    cancelledAt: optionalNumber(item, "cancelledAt"),
    sent: item.sent?.BOOL === true ? true : undefined,
    messageId,
  };
};
