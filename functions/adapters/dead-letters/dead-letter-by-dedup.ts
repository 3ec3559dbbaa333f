import { deadLetterDedupPrefix } from "../../core/dead-letters/dedup-key";
import { DEAD_LETTER_STATUSES } from "../../core/dead-letters/types";
import type { DeadLetterTrace } from "../../core/status/decide";
import { DEAD_LETTER_TABLE } from "../../core/tables";
import { dynamoDbSdk } from "../dynamodb/sdk";
import type { DeadLetterTable } from "./dynamo-context";
import { storeCall } from "./dynamo-context";

const { QueryCommand } = dynamoDbSdk;

const INDEX = DEAD_LETTER_TABLE.byDedupIndex;

/**
 * The latest dead letter of one message (queue, group, dedupId): ONE Query on the `byDedup` index, newest
 * first, `Limit` 1 — its sort key starts with the (group, dedupId) prefix and ends with `deadLetteredAt`, so
 * no other message's dead letters are read. The index is eventually consistent (a dead letter recorded a
 * moment ago may not show yet). A dead letter whose TTL passed (DynamoDB deletes it days later) is not one.
 */
export const latestDeadLetter = async (
  ctx: Pick<DeadLetterTable, "dynamo" | "table">,
  ref: { readonly queue: string; readonly groupId: string; readonly dedupId: string; readonly nowMs: number },
): Promise<DeadLetterTrace | undefined> => {
  const command = new QueryCommand({
    TableName: ctx.table,
    IndexName: INDEX.name,
    KeyConditionExpression: "#queue = :queue AND begins_with(#key, :prefix)",
    ExpressionAttributeNames: { "#queue": INDEX.partitionKey, "#key": INDEX.sortKey },
    ExpressionAttributeValues: {
      ":queue": { S: ref.queue },
      ":prefix": { S: deadLetterDedupPrefix(ref.groupId, ref.dedupId) },
    },
    ScanIndexForward: false,
    Limit: 1,
  });
  const { Items } = await storeCall("status", () => ctx.dynamo.send(command));
  const [item] = Items ?? [];
  const id = item?.[DEAD_LETTER_TABLE.sortKey]?.S;
  const status = DEAD_LETTER_STATUSES.find((known) => known === item?.status?.S);
  const expiresAt = Number(item?.[DEAD_LETTER_TABLE.ttlAttribute]?.N ?? Number.NaN);
  if (id === undefined || status === undefined || expiresAt * 1000 <= ref.nowMs) return undefined;
  return { id, status, redrivenAt: item?.redrivenAt?.S };
};
