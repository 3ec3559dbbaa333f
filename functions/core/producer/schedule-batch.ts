import { type ScheduleDeps, scheduleMessage } from "../scheduled/schedule-message";
import type { ValidEntry } from "./batch-request";
import { callFailure } from "./entry-errors";
import type { BatchEntryResult } from "./publish-batch";

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
  await Promise.all(
    entries.map(async ({ message, releaseAt }, index) => {
      if (releaseAt === undefined) return;
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
    }),
  );
  return results;
};
