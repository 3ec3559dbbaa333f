import type { AttributeValue, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { ResolvedScheduleConfig } from "../../core/config/schedules";
import type { ApiScheduleRecord, ScheduleOrigin, ScheduleStore } from "../../core/schedules/types";
import { SCHEDULED_TABLE } from "../../core/tables";
import { dynamoDbSdk } from "../dynamodb/sdk";
import { isConditionFailure, storeCall } from "../scheduled/store-call";
import { definitionValues, fromScheduleItem, scheduleKey } from "./schedule-item";

const { DeleteItemCommand, GetItemCommand, QueryCommand, UpdateItemCommand } = dynamoDbSdk;

interface Table {
  readonly dynamo: DynamoDBClient;
  readonly table: string;
}

/** The record's own attributes, by placeholder (no reserved word reaches an expression). */
const FLAG_NAMES = { "#origin": "origin", "#paused": "paused", "#at": "updatedAt" } as const;

const get = async (ctx: Table, name: string) => {
  const command = new GetItemCommand({ TableName: ctx.table, Key: scheduleKey(name), ConsistentRead: true });
  const { Item } = await storeCall("schedule get", () => ctx.dynamo.send(command));
  return Item ? fromScheduleItem(Item) : undefined;
};

/**
 * One query of the API-managed records after `after` (from the first when unset: a key value cannot be empty);
 * DynamoDB's `Limit` counts the records it filters out.
 */
const queryApi = (
  ctx: Table,
  after: string | undefined,
  limit: number,
  start: Record<string, AttributeValue> | undefined,
) =>
  new QueryCommand({
    TableName: ctx.table,
    KeyConditionExpression: `#queue = :schedules${after === undefined ? "" : " AND #name > :after"}`,
    FilterExpression: "#origin = :api",
    ExpressionAttributeNames: {
      "#queue": SCHEDULED_TABLE.partitionKey,
      "#origin": FLAG_NAMES["#origin"],
      ...(after === undefined ? {} : { "#name": SCHEDULED_TABLE.sortKey }),
    },
    ExpressionAttributeValues: {
      ":schedules": { S: SCHEDULED_TABLE.schedulesPartition },
      ":api": { S: "api" },
      ...(after === undefined ? {} : { ":after": { S: after } }),
    },
    ConsistentRead: true,
    Limit: limit,
    ...(start ? { ExclusiveStartKey: start } : {}),
  });

/** Reads one record past `limit`, so `more` is exact (no empty last page). */
const listApi = async (ctx: Table, page: { readonly after?: string | undefined; readonly limit: number }) => {
  const found: ApiScheduleRecord[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const command = queryApi(ctx, page.after, page.limit + 1 - found.length, start);
    const { Items, LastEvaluatedKey } = await storeCall("schedule list", () => ctx.dynamo.send(command));
    for (const record of (Items ?? []).map(fromScheduleItem)) if (record.origin === "api") found.push(record);
    start = LastEvaluatedKey;
  } while (start && found.length <= page.limit);
  return { records: found.slice(0, page.limit), more: found.length > page.limit };
};

/**
 * The write of a definition: the paused flag kept (`if_not_exists`) while the record is API-managed or new, set
 * to active over the pause mark a configured schedule of the same name left (`fresh`).
 */
const defineCommand = (ctx: Table, definition: ResolvedScheduleConfig, at: number, fresh: boolean) => {
  const values = definitionValues(definition);
  const names = Object.keys(values);
  return new UpdateItemCommand({
    TableName: ctx.table,
    Key: scheduleKey(definition.name),
    UpdateExpression: `SET #origin = :api, #at = :at, #paused = ${fresh ? ":false" : "if_not_exists(#paused, :false)"}, ${names
      .map((_name, index) => `#f${index} = :f${index}`)
      .join(", ")}`,
    ...(fresh ? {} : { ConditionExpression: "attribute_not_exists(#origin) OR #origin = :api" }),
    ExpressionAttributeNames: {
      ...FLAG_NAMES,
      ...Object.fromEntries(names.map((name, index) => [`#f${index}`, name])),
    },
    ExpressionAttributeValues: {
      ":api": { S: "api" },
      ":at": { N: String(at) },
      ":false": { BOOL: false },
      ...Object.fromEntries(Object.values(values).map((value, index) => [`:f${index}`, value])),
    },
    ReturnValues: "ALL_NEW",
  });
};

/**
 * Creates or replaces an API-managed definition. A replaced one keeps its paused flag; one whose name a removed
 * configured schedule had paused starts active (that pause was the configured schedule's, not this one's).
 */
const define = async (ctx: Table, definition: ResolvedScheduleConfig, at: number) => {
  const send = (fresh: boolean) =>
    storeCall("schedule define", () => ctx.dynamo.send(defineCommand(ctx, definition, at, fresh)));
  let written: Awaited<ReturnType<typeof send>>;
  try {
    written = await send(false);
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    written = await send(true);
  }
  return { paused: written.Attributes?.paused?.BOOL === true };
};

/** Sends a conditional write: true when it was made, false when its condition failed. */
const conditional = async (
  ctx: Table,
  operation: string,
  command: InstanceType<typeof UpdateItemCommand> | InstanceType<typeof DeleteItemCommand>,
): Promise<boolean> => {
  try {
    await storeCall(`schedule ${operation}`, () =>
      ctx.dynamo.send(command as InstanceType<typeof UpdateItemCommand>),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

const setPaused = async (ctx: Table, name: string, origin: ScheduleOrigin, paused: boolean, at: number) => {
  const command = new UpdateItemCommand({
    TableName: ctx.table,
    Key: scheduleKey(name),
    UpdateExpression: "SET #origin = :origin, #paused = :paused, #at = :at",
    // An API-managed record only while it exists (a delete won); a configured one is made when first paused.
    ...(origin === "api" ? { ConditionExpression: "#origin = :origin" } : {}),
    ExpressionAttributeNames: FLAG_NAMES,
    ExpressionAttributeValues: {
      ":origin": { S: origin },
      ":paused": { BOOL: paused },
      ":at": { N: String(at) },
    },
  });
  return conditional(ctx, "setPaused", command);
};

const remove = async (ctx: Table, name: string) => {
  const command = new DeleteItemCommand({
    TableName: ctx.table,
    Key: scheduleKey(name),
    ConditionExpression: "#origin = :api",
    ExpressionAttributeNames: { "#origin": FLAG_NAMES["#origin"] },
    ExpressionAttributeValues: { ":api": { S: "api" } },
  });
  return conditional(ctx, "delete", command);
};

/** The schedule records on DynamoDB: the scheduled table's `~schedules` partition (`SCHEDULED_TABLE`). */
export const createDynamoDbScheduleStore = (options: {
  readonly dynamo: DynamoDBClient;
  /** The scheduled-message table (FIFOQ_SCHEDULED_TABLE). */
  readonly table: string;
}): ScheduleStore => {
  const ctx: Table = { dynamo: options.dynamo, table: options.table };
  return {
    get: (name) => get(ctx, name),
    listApi: (page) => listApi(ctx, page),
    define: (definition, at) => define(ctx, definition, at),
    setPaused: (name, origin, paused, at) => setPaused(ctx, name, origin, paused, at),
    delete: (name) => remove(ctx, name),
  };
};
