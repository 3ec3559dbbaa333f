import type { AttributeValue, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { decodeScheduledCursor, encodeScheduledCursor } from "../../core/scheduled/cursor";
import type {
  ReleaseStore,
  ScheduledMessage,
  ScheduledRef,
  ScheduledStore,
  TransitionOutcome,
} from "../../core/scheduled/types";
import { SCHEDULED_TABLE } from "../../core/tables";
import { dynamoDbSdk } from "../dynamodb/sdk";
import { createScheduledBatches } from "./scheduled-batches";
import type { ScheduledTable } from "./scheduled-create";
import { createScheduledTogether } from "./scheduled-create-batch";
import { fromItem, groupKeyOf, messageKey } from "./scheduled-item";
import { isConditionFailure, storeCall } from "./store-call";

const { GetItemCommand, QueryCommand, UpdateItemCommand } = dynamoDbSdk;

/** A page of a group's due query: at most this many of its due messages after a release's own go with it. */
const MAX_DUE_IN_GROUP = 100;

const get = async (ctx: ScheduledTable, ref: ScheduledRef) => {
  if (ref.id.startsWith(SCHEDULED_TABLE.dedupPrefix)) return undefined;
  const command = new GetItemCommand({
    TableName: ctx.table,
    Key: messageKey(ref.queue, ref.id),
    ConsistentRead: true,
  });
  const { Item } = await storeCall("get", () => ctx.dynamo.send(command));
  return Item ? fromItem(Item) : undefined;
};

const transition = async (
  ctx: ScheduledTable,
  ref: ScheduledRef,
  to: "released" | "cancelled",
  at: number,
): Promise<TransitionOutcome> => {
  const index = SCHEDULED_TABLE.byGroupDueIndex;
  const command = new UpdateItemCommand({
    TableName: ctx.table,
    Key: messageKey(ref.queue, ref.id),
    // A cancel leaves the group-order index at once; a release when it is sent (the release store's `markSent`).
    UpdateExpression: `SET #state = :to, #at = :at${to === "cancelled" ? " REMOVE #groupKey, #dueKey" : ""}`,
    ConditionExpression: "#state = :scheduled",
    ExpressionAttributeNames: {
      "#state": "state",
      "#at": to === "released" ? "releasedAt" : "cancelledAt",
      ...(to === "cancelled" ? { "#groupKey": index.partitionKey, "#dueKey": index.sortKey } : {}),
    },
    ExpressionAttributeValues: {
      ":to": { S: to },
      ":at": { N: String(at) },
      ":scheduled": { S: "scheduled" },
    },
    ReturnValues: "ALL_NEW",
  });
  try {
    const { Attributes } = await storeCall("transition", () => ctx.dynamo.send(command));
    return Attributes
      ? { won: true, record: fromItem(Attributes) }
      : { won: false, record: await get(ctx, ref) };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return { won: false, record: await get(ctx, ref) };
  }
};

const dueInGroup = async (
  ctx: ScheduledTable,
  queue: string,
  groupId: string,
  dueKey: string,
  through: string | undefined,
) => {
  const index = SCHEDULED_TABLE.byGroupDueIndex;
  const items: Record<string, AttributeValue>[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  // Pages on while the last key read is below `through`: a record the release must send before its own is
  // never cut off by the page size (it would be skipped, and sent after it by its own release).
  do {
    const command = new QueryCommand({
      TableName: ctx.table,
      IndexName: index.name,
      KeyConditionExpression: "#groupKey = :groupKey AND #dueKey <= :dueKey",
      ExpressionAttributeNames: { "#groupKey": index.partitionKey, "#dueKey": index.sortKey },
      ExpressionAttributeValues: { ":groupKey": { S: groupKeyOf(queue, groupId) }, ":dueKey": { S: dueKey } },
      Limit: MAX_DUE_IN_GROUP,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    });
    const page = await storeCall("dueInGroup", () => ctx.dynamo.send(command));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey && through !== undefined && (items.at(-1)?.[index.sortKey]?.S ?? "") < through);
  return items.map(fromItem).filter((r) => r.state === "scheduled" || (r.state === "released" && !r.sent));
};

/** One page of the queue's message items (dedup items sort after them, and are excluded by the key range). */
const queryMessages = async (
  ctx: ScheduledTable,
  queue: string,
  limit: number,
  startAfter: string | undefined,
) => {
  const command = new QueryCommand({
    TableName: ctx.table,
    KeyConditionExpression: "#queue = :queue AND #id < :dedup",
    ExpressionAttributeNames: { "#queue": SCHEDULED_TABLE.partitionKey, "#id": SCHEDULED_TABLE.sortKey },
    ExpressionAttributeValues: { ":queue": { S: queue }, ":dedup": { S: SCHEDULED_TABLE.dedupPrefix } },
    Limit: limit,
    ...(startAfter === undefined ? {} : { ExclusiveStartKey: messageKey(queue, startAfter) }),
  });
  const { Items, LastEvaluatedKey } = await storeCall("list", () => ctx.dynamo.send(command));
  const items = (Items ?? []).map(fromItem);
  return { items, more: LastEvaluatedKey !== undefined };
};

const pending = async (ctx: ScheduledTable, queue: string) => {
  const found: ScheduledMessage[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await queryMessages(ctx, queue, 500, after);
    found.push(...page.items.filter((r) => r.state === "scheduled" || (r.state === "released" && !r.sent)));
    after = page.items.at(-1)?.id;
    if (!page.more || after === undefined) return found;
  }
};

export interface DynamoDbScheduledStoreOptions {
  readonly dynamo: DynamoDBClient;
  /** The scheduled-message table (FIFOQ_SCHEDULED_TABLE). */
  readonly table: string;
}

/** The scheduled-message store on DynamoDB (layout: `SCHEDULED_TABLE`). */
export const createDynamoDbScheduledStore = (options: DynamoDbScheduledStoreOptions): ScheduledStore => {
  const ctx: ScheduledTable = { dynamo: options.dynamo, table: options.table };
  return {
    // Concurrent creates (a batch's delayed entries) share transactions.
    create: createScheduledTogether(ctx),
    get: (ref) => get(ctx, ref),
    transition: (ref, to, at) => transition(ctx, ref, to, at),
    dueInGroup: (queue, groupId, dueKey, through) => dueInGroup(ctx, queue, groupId, dueKey, through),
    async list(queue, limit, cursor) {
      const startAfter = cursor === undefined ? undefined : decodeScheduledCursor(cursor, queue);
      const page = await queryMessages(ctx, queue, limit, startAfter);
      const last = page.items.at(-1);
      return {
        items: page.items,
        ...(page.more && last ? { nextCursor: encodeScheduledCursor(queue, last.id) } : {}),
      };
    },
    pending: (queue) => pending(ctx, queue),
  };
};

/**
 * The release function's store: reads, `scheduled → released` and `sent` coalesced with concurrent releases into
 * PartiQL batches (`scheduled-batches.ts`); the group's due query as in the store.
 */
export const createDynamoDbReleaseStore = (options: DynamoDbScheduledStoreOptions): ReleaseStore => {
  const ctx: ScheduledTable = { dynamo: options.dynamo, table: options.table };
  const batches = createScheduledBatches(ctx);
  return {
    get: batches.get,
    markSent: batches.markSent,
    dueInGroup: (queue, groupId, dueKey, through) => dueInGroup(ctx, queue, groupId, dueKey, through),
    async release(record, at) {
      if ((await batches.release(record, at)) === "won")
        return { won: true, record: { ...record, state: "released", releasedAt: at } };
      return { won: false, record: await batches.get(record) };
    },
  };
};
