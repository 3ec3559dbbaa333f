import { randomUUID } from "node:crypto";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { createDynamoDbClient } from "../functions/adapters/aws-clients";
import { createTimeAdapters } from "../functions/adapters/scheduled/time-adapters";
import { scheduleBatch } from "../functions/core/producer/schedule-batch";
import { randomIdPart } from "../functions/core/scheduled/rules";
import { provisionDelayQueue, provisionScheduledTable } from "../local/scheduler/provision";
import { countRequests, describeCounts } from "./request-counter";

/**
 * The AWS requests of delayed publishes: the API function's own scheduling code (`scheduleBatch`, the store
 * and the trigger) on this process's clients, `messages` delayed entries in batches of 100, against a table and
 * a delay queue of its own (the API function of the local stack runs in worker threads, out of the counter's
 * sight). Releases are 10 minutes out, after the bench.
 */
export const probePublishRequests = async (input: {
  readonly sqs: SQSClient;
  readonly dynamoDbEndpoint: string;
  readonly messages: number;
}) => {
  const dynamo = createDynamoDbClient({ endpoint: input.dynamoDbEndpoint });
  const table = `bench-probe-${randomUUID().slice(0, 8)}`;
  const [, delayQueue] = await Promise.all([
    provisionScheduledTable(dynamo, table),
    provisionDelayQueue(input.sqs, `bench-probe-delay-${Date.now()}`),
  ]);
  const adapters = createTimeAdapters({
    sqs: input.sqs,
    dynamo,
    queues: {},
    time: { scheduledTable: table, delayQueueUrl: delayQueue.url },
  });
  const deps = {
    store: adapters.store,
    trigger: adapters.trigger,
    now: Date.now,
    randomId: randomIdPart,
  };
  const counter = countRequests(
    ({ body }) => body.QueueUrl === delayQueue.url || JSON.stringify(body).includes(`"${table}"`),
  );
  try {
    for (let start = 0; start < input.messages; start += 100) {
      const entries = Array.from({ length: Math.min(100, input.messages - start) }, (_, i) => ({
        message: {
          body: JSON.stringify({ index: start + i }),
          groupId: `g-${(start + i) % 50}`,
          dedupId: randomUUID(),
          attributes: {},
          sizeBytes: 16,
        },
        releaseAt: Date.now() + 600_000,
      }));
      await scheduleBatch("bench", entries, deps);
    }
  } finally {
    counter.stop();
    dynamo.destroy();
  }
  return {
    perMessage: counter.total() / input.messages,
    describe: describeCounts(counter.byTarget, input.messages),
  };
};
