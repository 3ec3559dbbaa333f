import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DeadLetterStore } from "../../core/dead-letters/store";
import { type DeadLetterRecord, isCountedStatus } from "../../core/dead-letters/types";
import type { PayloadStore } from "../../core/payloads/payload-store";
import { DEAD_LETTER_TABLE } from "../../core/tables";
import { toItem } from "./dead-letter-item";
import { queryPage } from "./dead-letter-query";
import { COUNTED_ATTRIBUTE, getRecord, type TransitionContext, transition } from "./dead-letter-transitions";
import { isConditionFailure, payloadCall, transactWrite } from "./dynamo-context";
import { countChange, readNewCount } from "./new-counts";
import { offloadIfLarge } from "./offload";

/** How long a dead letter is kept after it was recorded, whatever its status: 30 days. */
export const DEAD_LETTER_RETENTION_SECONDS = 30 * 24 * 3600;

export interface DynamoDbDeadLetterStoreOptions {
  readonly dynamo: DynamoDBClient;
  /** The dead-letter table (FIFOQ_DEAD_LETTER_TABLE). */
  readonly table: string;
  /** TTL after `deadLetteredAt`. @default DEAD_LETTER_RETENTION_SECONDS */
  readonly retentionSeconds?: number;
  /** Epoch ms, for the counts. @default Date.now */
  readonly now?: () => number;
  /** Where a record over DynamoDB's 400 KB keeps its body and attributes. Without it such a put fails. */
  readonly payloads?: PayloadStore | undefined;
}

const putIfAbsent = async (ctx: TransitionContext, record: DeadLetterRecord) => {
  const expiresAt = Math.floor(Date.parse(record.deadLetteredAt) / 1000) + ctx.retentionSeconds;
  const isCounted = isCountedStatus(record.status);
  const item = await payloadCall("put", () =>
    offloadIfLarge(record, toItem(record, expiresAt), ctx.payloads),
  );
  const put = {
    Put: {
      TableName: ctx.table,
      Item: isCounted ? { ...item, [COUNTED_ATTRIBUTE]: { BOOL: true } } : item,
      ConditionExpression: "attribute_not_exists(#id)",
      ExpressionAttributeNames: { "#id": DEAD_LETTER_TABLE.sortKey },
    },
  };
  const counted = isCounted ? [countChange(ctx, record, 1)] : [];
  try {
    await transactWrite(ctx, "put", [put, ...counted]);
    return "created" as const;
  } catch (error) {
    if (isConditionFailure(error)) return "exists" as const;
    throw error;
  }
};

/** The DynamoDB dead-letter store (layout in `core/tables.ts`); SDK errors become domain errors here. */
export const createDynamoDbDeadLetterStore = (options: DynamoDbDeadLetterStoreOptions): DeadLetterStore => {
  const ctx: TransitionContext = {
    dynamo: options.dynamo,
    table: options.table,
    payloads: options.payloads,
    retentionSeconds: options.retentionSeconds ?? DEAD_LETTER_RETENTION_SECONDS,
  };
  const now = options.now ?? Date.now;
  return {
    get: (queue, id) => getRecord(ctx, queue, id),
    putIfAbsent: (record) => putIfAbsent(ctx, record),
    list: (queue, listOptions) => queryPage(ctx, queue, listOptions, now()),
    claimRedrive: (queue, id, at) =>
      transition(ctx, { queue, id }, { from: "new", to: "redriving", fields: { redriveClaimedAt: at } }),
    markRedriven: (queue, id, change) =>
      transition(
        ctx,
        { queue, id },
        {
          from: "redriving",
          to: "redriven",
          fields: { redrivenMessageId: change.messageId, redrivenAt: change.at },
        },
      ),
    markDiscarded: (queue, id, at) =>
      transition(ctx, { queue, id }, { from: "new", to: "discarded", fields: { discardedAt: at } }),
    countNew: (queue) => readNewCount(ctx, queue, now()),
  };
};
