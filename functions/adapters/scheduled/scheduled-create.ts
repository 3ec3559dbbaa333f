import type { AttributeValue, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { UpstreamUnavailableError } from "../../core/http/errors";
import { dedupKeyOf, holdsDedupKey } from "../../core/scheduled/rules";
import type { CreateOutcome, ScheduledMessage } from "../../core/scheduled/types";
import { SCHEDULED_TABLE } from "../../core/tables";
import { dynamoDbSdk } from "../dynamodb/sdk";
import { expiresAtOf, fromItem, messageKey, toItem } from "./scheduled-item";
import { isConditionFailure, storeCall } from "./store-call";

const { GetItemCommand, TransactWriteItemsCommand } = dynamoDbSdk;

export interface ScheduledTable {
  readonly dynamo: DynamoDBClient;
  readonly table: string;
}

export const dedupItemId = (record: Pick<ScheduledMessage, "groupId" | "dedupId">) =>
  SCHEDULED_TABLE.dedupPrefix + dedupKeyOf(record.groupId, record.dedupId);

const getItem = async (ctx: ScheduledTable, key: Record<string, AttributeValue>) => {
  const command = new GetItemCommand({ TableName: ctx.table, Key: key, ConsistentRead: true });
  const { Item } = await storeCall("get", () => ctx.dynamo.send(command));
  return Item;
};

/** The two writes of a new record: its message item (new) and its dedup item (new, or taken over from `previousHolder`). */
export const putsOf = (ctx: ScheduledTable, record: ScheduledMessage, previousHolder: string | undefined) => {
  const dedupCondition =
    previousHolder === undefined
      ? {
          ConditionExpression: "attribute_not_exists(#id)",
          ExpressionAttributeNames: { "#id": SCHEDULED_TABLE.sortKey },
        }
      : {
          ConditionExpression: "scheduledId = :previous",
          ExpressionAttributeValues: { ":previous": { S: previousHolder } },
        };
  return [
    {
      Put: {
        TableName: ctx.table,
        Item: toItem(record),
        ConditionExpression: "attribute_not_exists(#id)",
        ExpressionAttributeNames: { "#id": SCHEDULED_TABLE.sortKey },
      },
    },
    {
      Put: {
        TableName: ctx.table,
        Item: {
          ...messageKey(record.queue, dedupItemId(record)),
          scheduledId: { S: record.id },
          [SCHEDULED_TABLE.ttlAttribute]: { N: String(expiresAtOf(record.releaseAt)) },
        },
        ...dedupCondition,
      },
    },
  ];
};

/** One transaction: both writes of `putsOf`. */
const writeBoth = (ctx: ScheduledTable, record: ScheduledMessage, previousHolder: string | undefined) => {
  const command = new TransactWriteItemsCommand({ TransactItems: putsOf(ctx, record, previousHolder) });
  return storeCall("create", () => ctx.dynamo.send(command));
};

/**
 * The record that holds a (group, dedupId) of the queue now, if any (its id, and the record when it still
 * exists): two strongly consistent GetItems, the dedup item then the record it names.
 */
export const currentHolder = async (
  ctx: ScheduledTable,
  record: Pick<ScheduledMessage, "queue" | "groupId" | "dedupId">,
) => {
  const dedup = await getItem(ctx, messageKey(record.queue, dedupItemId(record)));
  const holderId = dedup?.scheduledId?.S;
  if (holderId === undefined) return undefined;
  const item = await getItem(ctx, messageKey(record.queue, holderId));
  return { id: holderId, record: item ? fromItem(item) : undefined };
};

/**
 * Creates a scheduled message with its dedup item in one transaction. When the dedup item exists: a holder
 * still scheduled and not yet due answers instead (nothing new is written); a dead holder (cancelled, due,
 * expired) is taken over, conditionally on it still being the holder. A few rounds settle any race.
 */
export const createScheduled = async (
  ctx: ScheduledTable,
  record: ScheduledMessage,
  now: number,
): Promise<CreateOutcome> => {
  let previousHolder: string | undefined;
  for (let round = 0; round < 4; round += 1) {
    try {
      await writeBoth(ctx, record, previousHolder);
      return { created: true, record };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const holder = await currentHolder(ctx, record);
    if (holder?.record && holdsDedupKey(holder.record, now)) return { created: false, record: holder.record };
    previousHolder = holder?.id;
  }
  throw new UpstreamUnavailableError("scheduling: the dedup key kept changing hands; retry", {
    retryAfterSeconds: 1,
  });
};
