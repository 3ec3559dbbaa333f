import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { CursorKey, DeadLetterPage, DeadLetterRecord, ListOptions } from "../../core/dead-letters/types";
import { MAX_PAGE_BYTES } from "../../core/http/page-bytes";
import { DEAD_LETTER_TABLE } from "../../core/tables";
import { dynamoDbSdk } from "../dynamodb/sdk";
import { fromItem, type Item, indexKey } from "./dead-letter-item";
import { type DeadLetterTable, payloadCall, storeCall } from "./dynamo-context";
import { recordWeight, restoreItem } from "./offload";

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
 * The records of `items` in order, each with its body read back from the payload store when it was moved
 * there, until they weigh `budget.left` bytes (then it stops: `cut`). One answer carries at most
 * `MAX_PAGE_BYTES`, so a page of large records never reads (and holds) more than that and one record: a
 * hundred records near 5 MiB would be 500 MB in a 256 MB function. Read one after the other: only a record
 * over 350 KB has an object to read, so few of them fit the budget.
 */
const restoreWithin = async (ctx: DeadLetterTable, items: Item[], budget: { left: number }) => {
  const records: DeadLetterRecord[] = [];
  for (const item of items) {
    if (budget.left <= 0) return { records, cut: true };
    const record = fromItem(await payloadCall("list", () => restoreItem(item, ctx.payloads)));
    budget.left -= recordWeight(record);
    records.push(record);
  }
  return { records, cut: false };
};

/**
 * One page of a queue's dead letters through the `byTime` index, newest (or oldest) first. Because `Limit`
 * applies before the filter, it reads on until it has `limit` items or the index ends; the cursor is the last
 * RETURNED item, so items read past it are read again on the next page, never skipped. Without a filter it
 * reads one extra item to know whether there is more. After `MAX_ROUND_TRIPS` it returns fewer items and a
 * cursor where it stopped. Items past their TTL at `nowMs` are left out. It stops early, with a cursor, where the
 * records read weigh `MAX_PAGE_BYTES` (`restoreWithin`); the first record is always read.
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
  const budget = { left: MAX_PAGE_BYTES };
  let start = options.cursor ? indexKey(options.cursor) : undefined;
  for (let trip = 0; trip < MAX_ROUND_TRIPS; trip += 1) {
    const wanted = options.limit - items.length;
    const command = queryCommand(ctx, queue, options, filtered ? FILTERED_READ : wanted + 1, start);
    const result = await storeCall("list", () => ctx.dynamo.send(command));
    const found = (result.Items ?? []).filter(live);
    const { records, cut } = await restoreWithin(ctx, found.slice(0, wanted), budget);
    items.push(...records);
    const last = items.at(-1);
    if ((cut || found.length > wanted) && last) return { items, next: keyOf(last) };
    start = result.LastEvaluatedKey;
    if (!start) return { items };
    if ((items.length === options.limit || budget.left <= 0) && last) return { items, next: keyOf(last) };
  }
  return { items, next: start ? keyFromLastEvaluated(start) : undefined };
};
