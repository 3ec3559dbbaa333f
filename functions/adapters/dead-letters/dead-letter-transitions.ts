import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { DeadLetterNotFoundError } from "../../core/dead-letters/errors";
import type { TransitionResult } from "../../core/dead-letters/store";
import { type DeadLetterRecord, type DeadLetterStatus, isCountedStatus } from "../../core/dead-letters/types";
import { DEAD_LETTER_TABLE } from "../../core/tables";
import { dynamoDbSdk } from "../dynamodb/sdk";
import { fromItem, tableKey } from "./dead-letter-item";
import {
  type DeadLetterTable,
  isConditionFailure,
  payloadCall,
  storeCall,
  transactWrite,
} from "./dynamo-context";
import { countChange } from "./new-counts";
import { restoreItem } from "./offload";

const { GetItemCommand } = dynamoDbSdk;

/** What a status change needs besides the table: the retention (for the counters' TTL). */
export interface TransitionContext extends DeadLetterTable {
  readonly retentionSeconds: number;
}

/**
 * The item attribute that says a record was added to the count when it was stored (set by `putIfAbsent`).
 * Records stored before the counters existed lack it: they never leave the count, since they never joined it.
 */
export const COUNTED_ATTRIBUTE = "counted";

/** A record as stored, and whether it is in the count. */
const readStored = async (ctx: DeadLetterTable, queue: string, id: string) => {
  const command = new GetItemCommand({
    TableName: ctx.table,
    Key: tableKey(queue, id),
    ConsistentRead: true,
  });
  const { Item } = await storeCall("get", () => ctx.dynamo.send(command));
  if (!Item) return undefined;
  const record = fromItem(await payloadCall("get", () => restoreItem(Item, ctx.payloads)));
  return { record, counted: Item[COUNTED_ATTRIBUTE]?.BOOL === true };
};

export const getRecord = async (ctx: DeadLetterTable, queue: string, id: string) =>
  (await readStored(ctx, queue, id))?.record;

/** The conditional `Update` of one record: `from` → `to`, setting `fields`. */
const statusUpdate = (
  ctx: DeadLetterTable,
  key: Record<string, AttributeValue>,
  change: { from: DeadLetterStatus; to: DeadLetterStatus; fields: Record<string, string> },
) => {
  const entries = Object.entries(change.fields);
  return {
    Update: {
      TableName: ctx.table,
      Key: key,
      UpdateExpression: `SET #status = :to${entries.map((_, i) => `, #f${i} = :f${i}`).join("")}`,
      ConditionExpression: "attribute_exists(#id) AND #status = :from",
      ExpressionAttributeNames: {
        "#status": "status",
        "#id": DEAD_LETTER_TABLE.sortKey,
        ...Object.fromEntries(entries.map(([name], i) => [`#f${i}`, name])),
      },
      ExpressionAttributeValues: {
        ":to": { S: change.to },
        ":from": { S: change.from },
        ...Object.fromEntries(entries.map(([, value], i) => [`:f${i}`, { S: value }])),
      },
    },
  };
};

const conflictWith = async (ctx: DeadLetterTable, queue: string, id: string): Promise<TransitionResult> => {
  const current = await getRecord(ctx, queue, id);
  if (!current) throw new DeadLetterNotFoundError(queue, id);
  return { kind: "conflict", current };
};

/**
 * `from` → `to` of one record, as ONE DynamoDB transaction with the count of `new` (and `redriving`) records
 * when it leaves them (→ redriven, → discarded; `new` → `redriving` keeps it counted), and only for a record
 * flagged counted when stored (`COUNTED_ATTRIBUTE`): the condition on the status decides, atomically, which of two racing operations wins. A failed
 * condition is reported with the record as it is now; an unknown id is `DeadLetterNotFoundError`.
 */
export const transition = async (
  ctx: TransitionContext,
  ref: { readonly queue: string; readonly id: string },
  change: { from: DeadLetterStatus; to: DeadLetterStatus; fields: Record<string, string> },
): Promise<TransitionResult> => {
  const stored = await readStored(ctx, ref.queue, ref.id);
  if (!stored) throw new DeadLetterNotFoundError(ref.queue, ref.id);
  const current = stored.record;
  if (current.status !== change.from) return { kind: "conflict", current };
  const items = [statusUpdate(ctx, tableKey(ref.queue, ref.id), change)];
  const leaves = stored.counted && isCountedStatus(change.from) && !isCountedStatus(change.to);
  const counted = leaves ? [countChange(ctx, current, -1)] : [];
  try {
    await transactWrite(ctx, `mark ${change.to}`, [...items, ...counted]);
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return conflictWith(ctx, ref.queue, ref.id);
  }
  const record: DeadLetterRecord = { ...current, ...change.fields, status: change.to };
  return { kind: "changed", record };
};
