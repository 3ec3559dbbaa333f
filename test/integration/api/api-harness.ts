import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { afterAll, beforeAll } from "vitest";
import { createSqsClient } from "../../../functions/adapters/sqs/sqs-client";
import { type ApiHandler, createApiHandler } from "../../../functions/api/create-api-handler";
import type { QueueRegistry } from "../../../functions/api/deps";
import type { QueueConfig } from "../../../functions/core/config";
import { createApiMetrics } from "../../../functions/core/metrics/api-metrics";
import { unwrapBody } from "../../../functions/core/payloads/carrier";
import { provisionDelayQueue, provisionScheduledTable } from "../../../local/scheduler/provision";
import { type ApiEventInput, apiEvent, jsonBody } from "../../factories/api-gateway";
import { createMemoryLogger } from "../../support/memory-logger";
import { startTestStack, type TestStack } from "../../support/test-stack";

export interface ApiResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | number | boolean>>;
  readonly body: T;
}

/** The API handler wired to a real fauxqs (its own SQS client, so the test can stop the emulator under it). */
export interface ApiHarness {
  readonly stack: TestStack;
  readonly handler: ApiHandler;
  readonly logger: ReturnType<typeof createMemoryLogger>;
  /** The EMF documents the API's metrics port wrote (stack dimension `FifoqTest`). */
  readonly metrics: Record<string, unknown>[];
  call<T = Record<string, unknown>>(input: ApiEventInput): Promise<ApiResponse<T>>;
  /** Receives (and deletes) every message of a queue, in the order SQS hands them out. */
  drain(queue: string, options?: { dlq?: boolean }): Promise<Message[]>;
  /** Visible + in-flight messages. */
  count(queue: string, options?: { dlq?: boolean }): Promise<number>;
  stop(): Promise<void>;
}

const registryOf = (stack: TestStack): QueueRegistry =>
  Object.fromEntries(
    [...stack.queues.values()].map(({ config, provisioned }) => [
      config.name,
      {
        url: provisioned.url,
        dlqUrl: provisioned.dlqUrl,
        contentBasedDeduplication: config.contentBasedDeduplication,
      },
    ]),
  );

const drainQueue = async (sqs: SQSClient, url: string): Promise<Message[]> => {
  const received: Message[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ["All"],
        MessageSystemAttributeNames: ["All"],
      }),
    );
    if (Messages.length === 0) return received;
    received.push(...Messages);
    const Entries = Messages.map((message, index) => ({
      Id: String(index),
      ReceiptHandle: message.ReceiptHandle,
    }));
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries }));
  }
};

const countQueue = async (sqs: SQSClient, url: string): Promise<number> => {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible)
  );
};

/** Starts fauxqs with the given queues and builds `createApiHandler` on it, as the Lambda edge would. */
export const startApi = async (queues: QueueConfig[]): Promise<ApiHarness> => {
  const stack = await startTestStack(queues);
  const apiSqs = createSqsClient({ endpoint: stack.sqsEndpoint });
  const logger = createMemoryLogger();
  const metrics: Record<string, unknown>[] = [];
  // Delayed messages: a scheduled table of the file's own and the emulator's delay queue (nothing releases).
  const scheduledTable = `${stack.tables.idempotency}-scheduled`;
  const [, delayQueue] = await Promise.all([
    provisionScheduledTable(stack.dynamo, scheduledTable),
    provisionDelayQueue(stack.sqs),
  ]);
  const handler = createApiHandler({
    sqs: apiSqs,
    dynamo: stack.dynamo,
    queues: registryOf(stack),
    deadLetterTable: stack.tables.deadLetters,
    payloads: stack.payloads,
    time: { scheduledTable, delayQueueUrl: delayQueue.url },
    logger,
    metrics: createApiMetrics("FifoqTest", (document) => metrics.push({ ...document })),
  });
  const url = (queue: string, dlq = false) => {
    const { provisioned } = stack.queue(queue);
    return dlq ? provisioned.dlqUrl : provisioned.url;
  };
  return {
    stack,
    handler,
    logger,
    metrics,
    async call<T>(input: ApiEventInput) {
      const result = await handler(apiEvent(input));
      return {
        status: result.statusCode,
        headers: result.headers ?? {},
        body: result.body ? jsonBody<T>(result) : ({} as T),
      };
    },
    drain: (queue, options = {}) => drainQueue(stack.sqs, url(queue, options.dlq)),
    count: (queue, options = {}) => countQueue(stack.sqs, url(queue, options.dlq)),
    async stop() {
      apiSqs.destroy();
      await stack.stop();
    },
  };
};

/** The parsed user body of a received message (inside fifoq's carrier, as the consumer runtime reads it). */
export const bodyOf = (message: Message): unknown => {
  const raw = message.Body ?? "null";
  return JSON.parse(unwrapBody(raw)?.body ?? raw);
};

/**
 * `startApi(queues)` before the file's (or describe block's) tests and its stop after them; the tests read the
 * harness through the returned function.
 */
export const useApi = (queues: QueueConfig[]): (() => ApiHarness) => {
  let api: ApiHarness | undefined;
  beforeAll(async () => {
    api = await startApi(queues);
  });
  afterAll(async () => {
    await api?.stop();
  });
  return () => {
    if (!api) throw new Error("the API harness starts before the tests");
    return api;
  };
};
