import { createDynamoDbClient } from "../../functions/adapters/aws-clients";
import { createSqsClient } from "../../functions/adapters/sqs/sqs-client";
import type { ApiDeps, QueueEndpoint } from "../../functions/api/deps";
import { createMemoryLogger } from "./memory-logger";

/** A port nobody listens on (discard): a request that reaches it fails at once, as an AWS outage would. */
const UNREACHABLE = "http://127.0.0.1:9";

/** The `orders` queue, on the unreachable endpoint. */
export const offlineQueue = (overrides: Partial<QueueEndpoint> = {}): QueueEndpoint => ({
  url: `${UNREACHABLE}/orders.fifo`,
  dlqUrl: `${UNREACHABLE}/orders-dlq.fifo`,
  contentBasedDeduplication: false,
  ...overrides,
});

/**
 * `ApiDeps` for tests of the HTTP layer whose requests must be answered before any AWS call: one queue
 * (`orders`), clients on an unreachable endpoint, a memory logger. `overrides` win.
 */
export const offlineApiDeps = (overrides: Partial<ApiDeps> = {}): ApiDeps => ({
  sqs: createSqsClient({ endpoint: UNREACHABLE }),
  dynamo: createDynamoDbClient({ endpoint: UNREACHABLE }),
  queues: { orders: offlineQueue() },
  deadLetterTable: "dead-letters",
  logger: createMemoryLogger(),
  ...overrides,
});
