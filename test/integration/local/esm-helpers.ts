import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { Context, SQSEvent } from "aws-lambda";
import { createSqsQueueStats } from "../../../functions/adapters/sqs/queue-stats";
import { createSqsClient } from "../../../functions/adapters/sqs/sqs-client";
import { type ResolvedQueueConfig, resolveQueue } from "../../../functions/core/config";
import { startSqsEmulator } from "../../../local/emulators/sqs";
import {
  type EventSourceMappingOptions,
  type RunningEventSourceMapping,
  regionOfArn,
  startEventSourceMapping,
} from "../../../local/poller/event-source-mapping";
import { inProcessFunction, type SqsFunction } from "../../../local/poller/local-function";
import { createPollClient } from "../../../local/poller/poll-client";
import { type ProvisionedQueue, provisionQueue } from "../../../local/provision/sqs";
import { createMemoryLogger } from "../../support/memory-logger";

/** Mapping settings for a test: the function is `handler` in this process, 1 s timeout unless given. */
type MappingOverrides = Partial<Omit<EventSourceMappingOptions, "fn">> & {
  readonly handler: SqsFunction;
  readonly timeoutSeconds?: number;
};

/** One fauxqs for a test file, and mappings on it with test defaults (1 s timeout, 1 poller, 1 s polls). */
export interface MappingHarness {
  readonly sqs: SQSClient;
  readonly logger: ReturnType<typeof createMemoryLogger>;
  mapping(queue: ProvisionedQueue, overrides: MappingOverrides): RunningEventSourceMapping;
  /** Stops every mapping started so far (no grace) and clears the log. */
  stopMappings(): Promise<void>;
  stop(): Promise<void>;
}

export const startMappingHarness = async (): Promise<MappingHarness> => {
  const emulator = await startSqsEmulator();
  const sqs = createSqsClient({ endpoint: emulator.endpoint });
  const pollClient = createPollClient(emulator.endpoint);
  const logger = createMemoryLogger();
  const running: RunningEventSourceMapping[] = [];
  return {
    sqs,
    logger,
    mapping(queue, { handler, timeoutSeconds = 1, ...overrides }) {
      const settings = {
        functionName: "fifoq-test-consumer",
        timeoutMs: timeoutSeconds * 1000,
        memorySizeMb: 128,
        region: regionOfArn(queue.arn),
      };
      const started = startEventSourceMapping({
        sqs: pollClient,
        queueUrl: queue.url,
        queueArn: queue.arn,
        fn: inProcessFunction(settings, handler),
        batchSize: 10,
        maxConcurrency: 1,
        waitTimeSeconds: 1,
        logger,
        ...overrides,
      });
      running.push(started);
      return started;
    },
    async stopMappings() {
      await Promise.all(running.splice(0).map((started) => started.stop(0)));
      logger.lines.length = 0;
    },
    async stop() {
      sqs.destroy();
      pollClient.destroy();
      await emulator.stop();
    },
  };
};

let counter = 0;

/** A fresh FIFO queue (and DLQ) per test; the visibility timeout is set low so retries come back fast. */
export const freshQueue = async (
  sqs: SQSClient,
  overrides: Partial<ResolvedQueueConfig> = {},
): Promise<ProvisionedQueue> => {
  counter += 1;
  const config = resolveQueue(
    { name: `esm-${counter}`, handler: "unused.ts", functionTimeoutSeconds: 1 },
    0,
    "/",
  );
  return provisionQueue(sqs, { ...config, visibilityTimeoutSeconds: 1, ...overrides });
};

/** Sends messages in one SendMessageBatch; each `[groupId, body]`, dedup id = the body. */
export const sendAll = async (sqs: SQSClient, queueUrl: string, messages: readonly [string, string][]) => {
  const { Successful = [] } = await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: messages.map(([groupId, body], index) => ({
        Id: String(index),
        MessageBody: body,
        MessageGroupId: groupId,
        MessageDeduplicationId: body,
      })),
    }),
  );
  return Successful.map((entry) => entry.MessageId ?? "");
};

/** Visible and in-flight counts of a queue, read as the API's queue stats read them. */
export const queueCounts = (sqs: SQSClient, queueUrl: string) => createSqsQueueStats(sqs).depth(queueUrl);

export interface Invocation {
  readonly event: SQSEvent;
  readonly context: Context;
  readonly remainingAtStart: number;
}

/** A function that records its invocations and answers with `answer(invocationNumber, event)`. */
export const recordingFunction = (answer: (call: number, event: SQSEvent) => Promise<unknown>) => {
  const invocations: Invocation[] = [];
  const handler = async (event: SQSEvent, context: Context) => {
    invocations.push({ event, context, remainingAtStart: context.getRemainingTimeInMillis() });
    return answer(invocations.length, event);
  };
  return { invocations, handler };
};

/** `[body, ApproximateReceiveCount]` of every record of every invocation, in order. */
export const deliveries = (invocations: readonly Invocation[]) =>
  invocations.flatMap(({ event }) =>
    event.Records.map((record) => [record.body, record.attributes.ApproximateReceiveCount] as const),
  );
