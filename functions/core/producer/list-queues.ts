import type { DeadLetterCounter, QueueStatsReader, QueueTarget } from "./types";

/** One entry of `GET /queues`. */
export interface QueueSummary {
  readonly name: string;
  /** Approximate number of messages waiting (ApproximateNumberOfMessages). */
  readonly depth: number;
  /** Approximate number of messages received and not yet deleted (ApproximateNumberOfMessagesNotVisible). */
  readonly inFlight: number;
  readonly deadLetters: number;
}

export interface ListQueuesDeps {
  readonly stats: QueueStatsReader;
  /** Seam for the dead-letter store. @default the DLQ's ApproximateNumberOfMessages */
  readonly deadLetterCount?: DeadLetterCounter;
}

/** The default dead-letter count: messages waiting in the queue's SQS dead-letter queue. */
export const dlqDepthCounter =
  (stats: QueueStatsReader): DeadLetterCounter =>
  async (queue) =>
    (await stats.depth(queue.dlqUrl)).visible;

/** `GET /queues`: every configured queue with its approximate depth, in-flight and dead-letter counts. */
export const listQueues = async (
  queues: readonly QueueTarget[],
  deps: ListQueuesDeps,
): Promise<QueueSummary[]> => {
  const deadLetterCount = deps.deadLetterCount ?? dlqDepthCounter(deps.stats);
  return Promise.all(
    queues.map(async (queue) => {
      const [depth, deadLetters] = await Promise.all([deps.stats.depth(queue.url), deadLetterCount(queue)]);
      return { name: queue.name, depth: depth.visible, inFlight: depth.inFlight, deadLetters };
    }),
  );
};
