import type {
  BatchEntry,
  BatchSendOutcome,
  MessageSender,
  OutgoingMessage,
  QueueTarget,
  SentMessage,
} from "../../../functions/core/producer/types";

export const queueTarget = (overrides: Partial<QueueTarget> = {}): QueueTarget => ({
  name: "orders",
  url: "https://sqs/orders.fifo",
  dlqUrl: "https://sqs/orders-dlq.fifo",
  contentBasedDeduplication: false,
  ...overrides,
});

export interface RecordingSender extends MessageSender {
  readonly single: OutgoingMessage[];
  /** Every SendMessageBatch call, in the order it started. */
  readonly batches: (readonly BatchEntry[])[];
}

type BatchBehaviour = (
  entries: readonly BatchEntry[],
  call: number,
) => Promise<BatchSendOutcome> | BatchSendOutcome;

let sequence = 0;
const sent = (): SentMessage => {
  sequence += 1;
  return { messageId: `m-${sequence}`, sequenceNumber: String(sequence).padStart(20, "0") };
};

export const acceptAll = (entries: readonly BatchEntry[]): BatchSendOutcome => ({
  successful: entries.map((entry) => ({ id: entry.id, ...sent() })),
  failed: [],
});

/** A MessageSender that records what it is given; batches behave as `behaviour` says (accept all by default). */
export const recordingSender = (behaviour: BatchBehaviour = acceptAll): RecordingSender => {
  const single: OutgoingMessage[] = [];
  const batches: (readonly BatchEntry[])[] = [];
  return {
    single,
    batches,
    async send(_url, message) {
      single.push(message);
      return sent();
    },
    async sendBatch(_url, entries) {
      batches.push(entries);
      return behaviour(entries, batches.length - 1);
    },
  };
};
