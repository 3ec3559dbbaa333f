import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { DeadLetterStoreUnavailableError } from "../../core/dead-letters/errors";
import { DEAD_LETTER_TABLE } from "../../core/tables";
import { dynamoDbSdk } from "../dynamodb/sdk";
import { type DeadLetterTable, storeCall } from "./dynamo-context";

const { BatchGetItemCommand } = dynamoDbSdk;

const DAY_MS = 24 * 3600 * 1000;

/**
 * Counts of `new` (and `redriving`) dead letters, kept as they change: one small item per (queue, day the
 * record was dead-lettered), updated in the SAME transaction as the record (+1 when a `new` record is stored,
 * −1 when it becomes `redriven` or `discarded`; see `isCountedStatus`). The sort key `#new#<day>` can never be a dead letter's id (ids have no `#`), and counter items
 * have no `deadLetteredAt`, so the `byTime` index never sees them. A record expires (TTL) after the retention;
 * the count sums only the days still within it, so expired records drop out of it without any write. Reading
 * a count is one BatchGetItem of `retention days + 1` keys: its cost does not grow with the dead letters.
 */
const counterId = (dayIndex: number): string =>
  `#new#${new Date(dayIndex * DAY_MS).toISOString().slice(0, 10)}`;

const dayOf = (iso: string): number => Math.floor(Date.parse(iso) / DAY_MS);

/** The table and the retention (the counters' TTL, and the days a count sums). */
type RetainedTable = DeadLetterTable & { readonly retentionSeconds: number };

const counterKey = (queue: string, dayIndex: number): Record<string, AttributeValue> => ({
  [DEAD_LETTER_TABLE.partitionKey]: { S: queue },
  [DEAD_LETTER_TABLE.sortKey]: { S: counterId(dayIndex) },
});

/** The `Update` of a transaction that moves the count of the record's day by `delta`. */
export const countChange = (
  ctx: RetainedTable,
  record: { readonly queue: string; readonly deadLetteredAt: string },
  delta: 1 | -1,
) => {
  const day = dayOf(record.deadLetteredAt);
  const expiresAt = Math.floor(((day + 2) * DAY_MS) / 1000) + ctx.retentionSeconds;
  return {
    Update: {
      TableName: ctx.table,
      Key: counterKey(record.queue, day),
      UpdateExpression: "ADD #n :delta SET #ttl = :ttl",
      ExpressionAttributeNames: { "#n": "n", "#ttl": DEAD_LETTER_TABLE.ttlAttribute },
      ExpressionAttributeValues: { ":delta": { N: String(delta) }, ":ttl": { N: String(expiresAt) } },
    },
  };
};

/** BatchGetItem takes at most 100 keys; the retention is at most 30 days (31 counters). */
const MAX_ROUNDS = 5;

/** The number of `new` dead letters of `queue` still within the table's retention at `nowMs`. */
export const readNewCount = async (ctx: RetainedTable, queue: string, nowMs: number): Promise<number> => {
  const today = Math.floor(nowMs / DAY_MS);
  const days = Math.ceil((ctx.retentionSeconds * 1000) / DAY_MS);
  let keys = Array.from({ length: days + 1 }, (_, back) => counterKey(queue, today - back));
  let count = 0;
  for (let round = 0; round < MAX_ROUNDS && keys.length > 0; round += 1) {
    const command = new BatchGetItemCommand({
      RequestItems: {
        [ctx.table]: { Keys: keys, ProjectionExpression: "#n", ExpressionAttributeNames: { "#n": "n" } },
      },
    });
    const result = await storeCall("count", () => ctx.dynamo.send(command));
    for (const item of result.Responses?.[ctx.table] ?? []) count += Number(item.n?.N ?? "0");
    keys = result.UnprocessedKeys?.[ctx.table]?.Keys ?? [];
  }
  if (keys.length > 0) {
    const cause = new Error(`${keys.length} counters left unprocessed after ${MAX_ROUNDS} reads`);
    throw new DeadLetterStoreUnavailableError("count", { cause });
  }
  return Math.max(0, count);
};
