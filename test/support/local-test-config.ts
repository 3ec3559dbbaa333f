import {
  type ApiConfig,
  defineConfig,
  type FifoqConfig,
  type QueueConfig,
} from "../../functions/core/config";

/**
 * The queue settings every local stack test config shares: small batches, two receives before the dead-letter
 * queue, and a 10 s function timeout that leaves room for a cold DynamoDB Local JVM. No test waits for a retry
 * after the 60 s visibility timeout.
 */
const LOCAL_TEST_QUEUE = {
  batchSize: 10,
  maxConcurrency: 2,
  maxReceiveCount: 2,
  functionTimeoutSeconds: 10,
  visibilityTimeoutSeconds: 60,
  contentBasedDeduplication: true,
} as const satisfies Partial<QueueConfig>;

/** A config of one queue with the shared local test settings; `queue` names it, its consumer and its window. */
export const localTestConfig = (
  queue: Pick<QueueConfig, "name" | "handler" | "idempotencyWindowSeconds">,
  api: ApiConfig,
): FifoqConfig => defineConfig({ queues: [{ ...LOCAL_TEST_QUEUE, ...queue }], api });
