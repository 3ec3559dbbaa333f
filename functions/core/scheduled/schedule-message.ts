import type { ScheduledReceipt } from "../../../contract";
import type { OutgoingMessage } from "../producer/types";
import { newScheduledId } from "./rules";
import type { ReleaseTrigger, ScheduledMessage, ScheduledStore } from "./types";

export interface ScheduleDeps {
  readonly store: ScheduledStore;
  readonly trigger: ReleaseTrigger;
  readonly now: () => number;
  /** 16 random `[0-9a-z]` characters. */
  readonly randomId: () => string;
}

export type { ScheduledReceipt };

export const receiptOf = (record: ScheduledMessage): ScheduledReceipt => ({
  scheduledId: record.id,
  releaseAt: new Date(record.releaseAt).toISOString(),
  queue: record.queue,
  groupId: record.groupId,
  dedupId: record.dedupId,
});

/**
 * Stores a delayed message and arms its release. A publish of a (group, dedupId) that a scheduled message
 * already holds answers that message's receipt and schedules nothing. When arming fails after the record was
 * stored, the error propagates (the caller retries with the same dedupId, finds the record and arms again).
 */
export const scheduleMessage = async (
  queue: string,
  entry: { readonly message: OutgoingMessage; readonly releaseAt: number; readonly batchIndex: number },
  deps: ScheduleDeps,
): Promise<ScheduledReceipt> => {
  const now = deps.now();
  const { message } = entry;
  const record: ScheduledMessage = {
    id: newScheduledId(now, deps.randomId),
    queue,
    groupId: message.groupId,
    dedupId: message.dedupId,
    body: message.body,
    attributes: message.attributes,
    releaseAt: entry.releaseAt,
    publishedAt: now,
    batchIndex: entry.batchIndex,
    state: "scheduled",
  };
  const outcome = await deps.store.create(record, now);
  // Arm again for a duplicate too: a first publish that stored its record and then failed to arm is
  // repaired by its retry (a second arm is harmless: the release is conditional).
  await deps.trigger.arm(outcome.record, now);
  return receiptOf(outcome.record);
};
