import { type BatchAnswer, createCallBatcher } from "../batching/call-batcher";
import { UpstreamRejectedError, UpstreamUnavailableError } from "../http/errors";
import { messageSize } from "../producer/message-size";
import { SQS_BATCH_LIMITS } from "../producer/plan-batches";
import { findQueueTarget, type QueueTargets } from "../producer/queues";
import type { BatchEntryFailure, MessageSender, OutgoingMessage } from "../producer/types";
import type { ReleaseSender, ScheduledMessage } from "./types";

/** SendMessageBatch calls in flight at once per FIFO queue (per process). */
const MAX_IN_FLIGHT = 4;

const outgoing = (record: ScheduledMessage): OutgoingMessage => ({
  body: record.body,
  groupId: record.groupId,
  dedupId: record.dedupId,
  attributes: record.attributes,
  sizeBytes: messageSize(record.body, record.attributes),
});

/** A released record with its outgoing message, measured once (the batch's weight and the send both use it). */
interface Release {
  readonly record: ScheduledMessage;
  readonly message: OutgoingMessage;
}

const entryError = (failure: BatchEntryFailure): Error =>
  failure.senderFault
    ? new UpstreamRejectedError("SQS", "SendMessageBatch (release)", failure.code)
    : new UpstreamUnavailableError(`SQS did not take a released message: ${failure.code}`, {
        retryAfterSeconds: 1,
      });

/**
 * One SendMessageBatch for the released messages of concurrent releases (a record sent twice at once — a
 * release and another's chase of it — is one entry, and both hear its answer).
 */
const sendTogether =
  (sender: MessageSender, queueUrl: string) =>
  async (releases: readonly Release[]): Promise<BatchAnswer<{ messageId: string }>[]> => {
    const entryOf = new Map<string, string>();
    const entries = releases.flatMap(({ record, message }) => {
      if (entryOf.has(record.id)) return [];
      const id = String(entryOf.size);
      entryOf.set(record.id, id);
      return [{ id, message }];
    });
    const outcome = await sender.sendBatch(queueUrl, entries);
    const answers = new Map<string, BatchAnswer<{ messageId: string }>>();
    for (const ok of outcome.successful) answers.set(ok.id, { ok: true, value: { messageId: ok.messageId } });
    for (const bad of outcome.failed) answers.set(bad.id, { ok: false, error: entryError(bad) });
    return releases.map(
      ({ record }) =>
        answers.get(entryOf.get(record.id) ?? "") ?? {
          ok: false,
          error: new Error("SendMessageBatch answered no entry for a released message"),
        },
    );
  };

/**
 * Sends a released message onto its configured FIFO queue, in its group, with its dedupId. Concurrent releases'
 * sends to one queue share SendMessageBatch calls (10 entries, 1 MiB); a release sends its group's messages one
 * after the other (it awaits each), so one call never carries two messages one release ordered.
 */
export const createReleaseSender = (sender: MessageSender, queues: QueueTargets): ReleaseSender => {
  const batchers = new Map<string, (release: Release) => Promise<{ messageId: string }>>();
  const batcherFor = (queueUrl: string) => {
    let batcher = batchers.get(queueUrl);
    if (!batcher) {
      batcher = createCallBatcher({
        run: sendTogether(sender, queueUrl),
        maxBatch: SQS_BATCH_LIMITS.maxEntries,
        maxInFlight: MAX_IN_FLIGHT,
        weightOf: (release) => release.message.sizeBytes,
        maxWeight: SQS_BATCH_LIMITS.maxBytes,
      });
      batchers.set(queueUrl, batcher);
    }
    return batcher;
  };
  return {
    send: (record) =>
      batcherFor(findQueueTarget(queues, record.queue).url)({ record, message: outgoing(record) }),
  };
};
