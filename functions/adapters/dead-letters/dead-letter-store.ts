import type { AttributeValue, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DeadLetterNotFoundError } from "../../core/dead-letters/errors";
import type { DeadLetterStore, TransitionResult } from "../../core/dead-letters/store";
import type { DeadLetterRecord } from "../../core/dead-letters/types";
import { DEAD_LETTER_TABLE } from "../../core/tables";
import { dynamoDbSdk } from "../dynamodb/sdk";
import { fromItem, tableKey, toItem } from "./dead-letter-item";
import { queryPage } from "./dead-letter-query";
import { type DeadLetterTable, isConditionFailure, storeCall } from "./dynamo-context";

const { GetItemCommand, PutItemCommand, QueryCommand, UpdateItemCommand } = dynamoDbSdk;

/** How long a dead letter is kept after it was recorded, whatever its status: 30 days. */
export const DEAD_LETTER_RETENTION_SECONDS = 30 * 24 * 3600;

export interface DynamoDbDeadLetterStoreOptions {
  readonly dynamo: DynamoDBClient;
  /** The dead-letter table (FIFOQ_DEAD_LETTER_TABLE). */
  readonly table: string;
  /** TTL after `deadLetteredAt`. @default DEAD_LETTER_RETENTION_SECONDS */
  readonly retentionSeconds?: number;
}

const getRecord = async (ctx: DeadLetterTable, queue: string, id: string) => {
  const command = new GetItemCommand({
    TableName: ctx.table,
    Key: tableKey(queue, id),
    ConsistentRead: true,
  });
  const { Item } = await storeCall("get", () => ctx.dynamo.send(command));
  return Item ? fromItem(Item) : undefined;
};

const putIfAbsent = async (ctx: DeadLetterTable, record: DeadLetterRecord, retentionSeconds: number) => {
  const expiresAt = Math.floor(Date.parse(record.deadLetteredAt) / 1000) + retentionSeconds;
  const command = new PutItemCommand({
    TableName: ctx.table,
    Item: toItem(record, expiresAt),
    ConditionExpression: "attribute_not_exists(#id)",
    ExpressionAttributeNames: { "#id": DEAD_LETTER_TABLE.sortKey },
  });
  try {
    await storeCall("put", () => ctx.dynamo.send(command));
    return "created" as const;
  } catch (error) {
    if (isConditionFailure(error)) return "exists" as const;
    throw error;
  }
};

const transitionCommand = (
  ctx: DeadLetterTable,
  key: Record<string, AttributeValue>,
  to: string,
  fields: Record<string, string>,
) => {
  const entries = Object.entries(fields);
  return new UpdateItemCommand({
    TableName: ctx.table,
    Key: key,
    UpdateExpression: `SET #status = :to, ${entries.map((_, i) => `#f${i} = :f${i}`).join(", ")}`,
    ConditionExpression: "attribute_exists(#id) AND #status = :new",
    ExpressionAttributeNames: {
      "#status": "status",
      "#id": DEAD_LETTER_TABLE.sortKey,
      ...Object.fromEntries(entries.map(([name], i) => [`#f${i}`, name])),
    },
    ExpressionAttributeValues: {
      ":to": { S: to },
      ":new": { S: "new" },
      ...Object.fromEntries(entries.map(([, value], i) => [`:f${i}`, { S: value }])),
    },
    ReturnValues: "ALL_NEW",
  });
};

/** `new` → `to`, setting `fields`. A failed condition is reported with the record as it is now. */
const transition = async (
  ctx: DeadLetterTable,
  ref: { queue: string; id: string },
  to: "redriven" | "discarded",
  fields: Record<string, string>,
): Promise<TransitionResult> => {
  const command = transitionCommand(ctx, tableKey(ref.queue, ref.id), to, fields);
  try {
    const { Attributes } = await storeCall(`mark ${to}`, () => ctx.dynamo.send(command));
    return { kind: "changed", record: fromItem(Attributes ?? {}) };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const current = await getRecord(ctx, ref.queue, ref.id);
    if (!current) throw new DeadLetterNotFoundError(ref.queue, ref.id);
    return { kind: "conflict", current };
  }
};

const countNew = async (ctx: DeadLetterTable, queue: string) => {
  let count = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const command = new QueryCommand({
      TableName: ctx.table,
      KeyConditionExpression: "#queue = :queue",
      FilterExpression: "#status = :new",
      ExpressionAttributeNames: { "#queue": DEAD_LETTER_TABLE.partitionKey, "#status": "status" },
      ExpressionAttributeValues: { ":queue": { S: queue }, ":new": { S: "new" } },
      Select: "COUNT",
      ExclusiveStartKey: start,
    });
    const page = await storeCall("count", () => ctx.dynamo.send(command));
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
};

/** The DynamoDB dead-letter store (layout in `core/tables.ts`); SDK errors become domain errors here. */
export const createDynamoDbDeadLetterStore = (options: DynamoDbDeadLetterStoreOptions): DeadLetterStore => {
  const ctx: DeadLetterTable = { dynamo: options.dynamo, table: options.table };
  const retention = options.retentionSeconds ?? DEAD_LETTER_RETENTION_SECONDS;
  return {
    get: (queue, id) => getRecord(ctx, queue, id),
    putIfAbsent: (record) => putIfAbsent(ctx, record, retention),
    list: (queue, listOptions) => queryPage(ctx, queue, listOptions),
    markRedriven: (queue, id, change) =>
      transition(ctx, { queue, id }, "redriven", {
        redrivenMessageId: change.messageId,
        redrivenAt: change.at,
      }),
    markDiscarded: (queue, id, at) => transition(ctx, { queue, id }, "discarded", { discardedAt: at }),
    countNew: (queue) => countNew(ctx, queue),
  };
};
