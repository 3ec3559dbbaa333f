import type { QueueSummary } from "../../../contract";
import type { DeadLetterCounter, QueueStatsReader, QueueTarget } from "./types";

export interface ListQueuesDeps {
  readonly stats: QueueStatsReader;
  /** The dead-letter count (from the dead-letter table: the recorders drain the DLQs). */
  readonly deadLetterCount: DeadLetterCounter;
}

/** `GET /queues`: every configured queue with its approximate depth, in-flight and dead-letter counts. */
export const listQueues = async (
  queues: readonly QueueTarget[],
  deps: ListQueuesDeps,
): Promise<QueueSummary[]> => {
  return Promise.all(
    queues.map(async (queue) => {
      const [depth, deadLetters] = await Promise.all([
        deps.stats.depth(queue.url),
        deps.deadLetterCount(queue),
      ]);
      return { name: queue.name, depth: depth.visible, inFlight: depth.inFlight, deadLetters };
    }),
  );
};
