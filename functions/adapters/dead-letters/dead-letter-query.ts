import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { CursorKey, DeadLetterPage, DeadLetterRecord, ListOptions } from "../../core/dead-letters/types";
import { DEAD_LETTER_TABLE } from "../../core/tables";
import { dynamoDbSdk } from "../dynamodb/sdk";
import { fromItem, indexKey } from "./dead-letter-item";
import { type DeadLetterTable, payloadCall, storeCall } from "./dynamo-context";
import { restoreItem } from "./offload";

const { QueryCommand } = dynamoDbSdk;

/** Query round trips one listing may take before it returns what it has, with a cursor to go on. */
const MAX_ROUND_TRIPS = 20;

/** Items read per round trip when a filter may drop some (DynamoDB applies `Limit` before the filter). */
const FILTERED_READ = 100;

const filterOf = (options: ListOptions) => {
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  if (options.status) {
    parts.push("#status = :status");
    names["#status"] = "status";
    values[":status"] = { S: options.status };
  }
  if (options.groupId) {
    parts.push("#groupId = :groupId");
    names["#groupId"] = "groupId";
    values[":groupId"] = { S: options.groupId };
  }
  return parts.length === 0 ? undefined : { expression: parts.join(" AND "), names, values };
};

const keyOf = (record: DeadLetterRecord): CursorKey => ({
  queue: record.queue,
  id: record.id,
  deadLetteredAt: record.deadLetteredAt,
});

const keyFromLastEvaluated = (key: Record<string, AttributeValue>): CursorKey => ({
  queue: key[DEAD_LETTER_TABLE.partitionKey]?.S ?? "",
  id: key[DEAD_LETTER_TABLE.sortKey]?.S ?? "",
  deadLetteredAt: key[DEAD_LETTER_TABLE.byTimeIndex.sortKey]?.S ?? "",
});

const queryCommand = (
  ctx: DeadLetterTable,
  queue: string,
  options: ListOptions,
  read: number,
  start?: Record<string, AttributeValue>,
) => {
  const filter = filterOf(options);
  return new QueryCommand({
    TableName: ctx.table,
    IndexName: DEAD_LETTER_TABLE.byTimeIndex.name,
    KeyConditionExpression: "#queue = :queue",
    ScanIndexForward: options.order === "oldest",
    ExpressionAttributeNames: { "#queue": DEAD_LETTER_TABLE.byTimeIndex.partitionKey, ...filter?.names },
    ExpressionAttributeValues: { ":queue": { S: queue }, ...filter?.values },
    ...(filter ? { FilterExpression: filter.expression } : {}),
    Limit: read,
    ExclusiveStartKey: start,
  });
};

/**
 * Whether DynamoDB's TTL has passed for the item (its deletion comes days later, and a query does not filter
 * expired items out; its payload object may already be gone).
 */
const isLive = (nowSeconds: number) => (item: Record<string, AttributeValue>) => {
  const expiresAt = Number(item[DEAD_LETTER_TABLE.ttlAttribute]?.N ?? Number.NaN);
  return !Number.isFinite(expiresAt) || expiresAt > nowSeconds;
};

/**
 * One page of a queue's dead letters through the `byTime` index, newest (or oldest) first. Because `Limit`
 * applies before the filter, it reads on until it has `limit` items or the index ends; the cursor is the last
 * RETURNED item, so items read past it are read again on the next page, never skipped. Without a filter it
 * reads one extra item to know whether there is more. After `MAX_ROUND_TRIPS` it returns fewer items and a
 * cursor where it stopped. Items past their TTL at `nowMs` are left out.
 */
export const queryPage = async (
  ctx: DeadLetterTable,
  queue: string,
  options: ListOptions,
  nowMs: number,
): Promise<DeadLetterPage> => {
  const live = isLive(Math.floor(nowMs / 1000));
  const filtered = filterOf(options) !== undefined;
  const items: DeadLetterRecord[] = [];
  let start = options.cursor ? indexKey(options.cursor) : undefined;
  for (let trip = 0; trip < MAX_ROUND_TRIPS; trip += 1) {
    const wanted = options.limit - items.length;
    const command = queryCommand(ctx, queue, options, filtered ? FILTERED_READ : wanted + 1, start);
    const result = await storeCall("list", () => ctx.dynamo.send(command));
    const restored = (result.Items ?? []).filter(live).map((item) => restoreItem(item, ctx.payloads));
    const got = (await payloadCall("list", () => Promise.all(restored))).map(fromItem);
    items.push(...got.slice(0, wanted));
    const last = items.at(-1);
    if (got.length > wanted && last) return { items, next: keyOf(last) };
    start = result.LastEvaluatedKey;
    if (!start) return { items };
    if (items.length === options.limit && last) return { items, next: keyOf(last) };
  }
  return { items, next: start ? keyFromLastEvaluated(start) : undefined };
};
