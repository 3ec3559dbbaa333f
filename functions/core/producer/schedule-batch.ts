import type { BatchEntryResult } from "../../../contract";
import { type ScheduleDeps, scheduleMessage } from "../scheduled/schedule-message";
import type { ValidEntry } from "./batch-request";
import { callFailure } from "./entry-errors";

/**
 * Delayed entries scheduled at once per batch request: all of them (≤ 100). The store and the trigger coalesce
 * concurrent calls, so a batch's records share transactions (50 a transaction) and its arms SendMessageBatch calls.
 */
const MAX_IN_FLIGHT = 100;

/**
 * Schedules a batch's delayed entries, all at once: their order within a group is their batch index (the
 * ordering rule), not the order the writes land in. A failed entry is reported, retryable when a retry can fix it.
 */
export const scheduleBatch = async (
  queue: string,
  entries: readonly ValidEntry[],
  deps: ScheduleDeps,
): Promise<Map<number, BatchEntryResult>> => {
  const results = new Map<number, BatchEntryResult>();
  const delayed = entries.flatMap((entry, index) => (entry.releaseAt === undefined ? [] : [index]));
  let next = 0;
  const worker = async () => {
    for (let index = delayed[next++]; index !== undefined; index = delayed[next++]) {
      const { message, releaseAt } = entries[index] ?? {};
      if (!message || releaseAt === undefined) continue;
      try {
        const receipt = await scheduleMessage(queue, { message, releaseAt, batchIndex: index }, deps);
        results.set(index, {
          index,
          status: "accepted",
          scheduledId: receipt.scheduledId,
          releaseAt: receipt.releaseAt,
        });
      } catch (error) {
        results.set(index, { index, status: "failed", error: callFailure(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: MAX_IN_FLIGHT }, worker));
  return results;
};
