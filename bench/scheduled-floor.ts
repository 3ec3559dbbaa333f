import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { Logger } from "../functions/core/logging/logger";
import { regionOfArn, startEventSourceMapping } from "../local/poller/event-source-mapping";
import { inProcessFunction } from "../local/poller/local-function";
import { createPollClient } from "../local/poller/poll-client";
import { provisionDelayQueue } from "../local/scheduler/provision";

interface FloorInput {
  readonly sqs: SQSClient;
  readonly sqsEndpoint: string;
  /** When each message is due (epoch ms), in send order. */
  readonly releaseAts: readonly number[];
  readonly pollers: number;
  readonly logger: Logger;
}

/**
 * The floor of a delay-queue release: SQS's own `DelaySeconds` on a standard queue alone, behind the same local
 * event source mapping (same pollers, batches of 10), whose function only waits out the last fraction of a
 * second as fifoq's release does (DelaySeconds counts whole seconds) — no store, no FIFO send. Lateness = the
 * moment that wait ends − the message's due time. Resolves with the latenesses (ms) of the messages it saw.
 */
export const measureDelayQueueFloor = async (input: FloorInput): Promise<number[]> => {
  const queue = await provisionDelayQueue(input.sqs, `bench-delay-floor-${Date.now()}`);
  const lateness: number[] = [];
  const pollClient = createPollClient(input.sqsEndpoint);
  const handler = async (event: { Records: { body: string }[] }) => {
    await Promise.all(
      event.Records.map(async (record) => {
        const due = Number(record.body);
        const early = due - Date.now();
        if (early > 0) await new Promise((resolve) => setTimeout(resolve, early));
        lateness.push(Date.now() - due);
      }),
    );
    return { batchItemFailures: [] };
  };
  const mapping = startEventSourceMapping({
    sqs: pollClient,
    queueUrl: queue.url,
    queueArn: queue.arn,
    fn: inProcessFunction(
      { functionName: "bench-floor", timeoutMs: 10_000, memorySizeMb: 256, region: regionOfArn(queue.arn) },
      handler as never,
    ),
    batchSize: 10,
    maxConcurrency: input.pollers,
    logger: input.logger,
  });
  try {
    for (let start = 0; start < input.releaseAts.length; start += 10) {
      const now = Date.now();
      const entries = input.releaseAts.slice(start, start + 10).map((due, index) => ({
        Id: String(index),
        MessageBody: String(due),
        DelaySeconds: Math.max(0, Math.floor((due - now) / 1000)),
      }));
      await input.sqs.send(new SendMessageBatchCommand({ QueueUrl: queue.url, Entries: entries }));
    }
    const last = Math.max(...input.releaseAts);
    while (lateness.length < input.releaseAts.length && Date.now() < last + 60_000)
      await new Promise((resolve) => setTimeout(resolve, 250));
    return lateness;
  } finally {
    await mapping.stop(1000);
    pollClient.destroy();
  }
};
