import { type BatchAnswer, createCallBatcher } from "../../core/batching/call-batcher";
import { messageSize } from "../../core/producer/message-size";
import type { CreateOutcome, ScheduledMessage } from "../../core/scheduled/types";
import { dynamoDbSdk } from "../dynamodb/sdk";
import { classifySdkError } from "../sdk-errors";
import { createScheduled, dedupItemId, putsOf, type ScheduledTable } from "./scheduled-create";
import { storeCall } from "./store-call";

const { TransactWriteItemsCommand } = dynamoDbSdk;

/** DynamoDB takes 100 writes per transaction: two per record. */
const MAX_RECORDS = 50;

/** A transaction carries at most 4 MB; a record's two items are its body and attributes plus ~1 KB of keys. */
const MAX_TRANSACTION_BYTES = 3_500_000;
const RECORD_OVERHEAD_BYTES = 1024;

/** Transactions in flight at once per process. */
const MAX_IN_FLIGHT = 4;

/** What the shared transaction did for one record: created it, or left it to a transaction of its own. */
type Shared = "created" | "alone";

interface Pending {
  readonly record: ScheduledMessage;
  readonly now: number;
}

/**
 * One transaction creating every record of the request (message item and dedup item each, both conditional on
 * not existing). It succeeds whole or not at all: when any condition fails (a live dedup holder, a take-over
 * to make) or the transaction is cancelled, every record goes alone through `createScheduled`, which answers
 * duplicates and takes dead holders over exactly as a single publish does. A second record with a dedup key
 * already in the request goes alone too (a transaction may not write one item twice).
 */
const createTogether =
  (ctx: ScheduledTable) =>
  async (pending: readonly Pending[]): Promise<BatchAnswer<Shared>[]> => {
    const keys = new Set<string>();
    const together = pending.map(({ record }) => {
      const key = JSON.stringify([record.queue, dedupItemId(record)]);
      const first = !keys.has(key);
      keys.add(key);
      return first;
    });
    const records = pending.filter((_, index) => together[index]).map(({ record }) => record);
    const command = new TransactWriteItemsCommand({
      TransactItems: records.flatMap((record) => putsOf(ctx, record, undefined)),
    });
    try {
      await ctx.dynamo.send(command);
    } catch (error) {
      // Anything else becomes the store's domain error, through the one classifier.
      if (classifySdkError(error).name !== "TransactionCanceledException")
        return storeCall("create", () => Promise.reject(error));
      return pending.map(() => ({ ok: true, value: "alone" }));
    }
    return together.map((first) => ({ ok: true, value: first ? "created" : "alone" }));
  };

/**
 * `create` for concurrent publishes (a batch's delayed entries): coalesced into shared transactions of up to 50
 * records, the same conditions as one transaction per record, a fiftieth of the round trips.
 */
export const createScheduledTogether = (ctx: ScheduledTable) => {
  const shared = createCallBatcher<Pending, Shared>({
    run: createTogether(ctx),
    maxBatch: MAX_RECORDS,
    maxInFlight: MAX_IN_FLIGHT,
    weightOf: ({ record }) => messageSize(record.body, record.attributes) + RECORD_OVERHEAD_BYTES,
    maxWeight: MAX_TRANSACTION_BYTES,
  });
  return async (record: ScheduledMessage, now: number): Promise<CreateOutcome> =>
    (await shared({ record, now })) === "created"
      ? { created: true, record }
      : createScheduled(ctx, record, now);
};
