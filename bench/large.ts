import { randomUUID } from "node:crypto";
import { join } from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";
import {
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { createDynamoDbClient, lazyS3Client } from "../functions/adapters/aws-clients";
import { createS3PayloadStore } from "../functions/adapters/s3/payload-store";
import { createSqsDeadLetterSender } from "../functions/adapters/sqs/dead-letter-queue";
import { createSqsClient } from "../functions/adapters/sqs/sqs-client";
import { type ApiHandler, createApiHandler } from "../functions/api/create-api-handler";
import { loadConfig } from "../functions/core/config/load";
import { createJsonLogger } from "../functions/core/logging/logger";
import { createConsumer } from "../functions/runtime/create-consumer";
import { sqsMessageToRecord } from "../functions/runtime/sqs-message-to-record";
import { startSqsEmulator } from "../local/emulators/sqs";
import { provisionPayloadBucket } from "../local/provision/s3";
import { type ProvisionedQueue, provisionQueue } from "../local/provision/sqs";
import { lambdaContext } from "./events";
import { type BenchResult, median } from "./report";

const SMALL_TEXT = "x".repeat(1000);
const LARGE_TEXT = "x".repeat(5_000_000);

/** Counts the S3 commands a client sends (an SDK middleware), by command name. */
const countS3 = (s3: S3Client): Map<string, number> => {
  const counts = new Map<string, number>();
  s3.middlewareStack.add(
    (next, context) => (args) => {
      const name = context.commandName ?? "unknown";
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: "initialize", name: "benchS3Counter" },
  );
  return counts;
};

/** A REST API (v1) proxy event for `POST /queues/<queue>/messages`, as the gateway sends it. */
const publishEvent = (queue: string, text: string): APIGatewayProxyEvent =>
  ({
    resource: "/{proxy+}",
    path: `/v1/queues/${queue}/messages`,
    httpMethod: "POST",
    headers: { "content-type": "application/json" },
    pathParameters: { proxy: `queues/${queue}/messages` },
    queryStringParameters: null,
    isBase64Encoded: false,
    body: JSON.stringify({ body: { text }, groupId: "g-large", dedupId: randomUUID() }),
    requestContext: { requestId: randomUUID(), identity: { apiKeyId: "bench" } },
  }) as unknown as APIGatewayProxyEvent;

const receiveOne = async (sqs: SQSClient, queue: ProvisionedQueue): Promise<Message> => {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queue.url,
      MaxNumberOfMessages: 1,
      WaitTimeSeconds: 1,
      MessageAttributeNames: ["All"],
      MessageSystemAttributeNames: ["All"],
    }),
  );
  const [message] = Messages;
  if (!message) throw new Error("bench large: no message to consume");
  await sqs.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: message.ReceiptHandle }));
  return message;
};

interface Round {
  readonly publishMs: number;
  readonly recordMs: number;
}

type Consume = (message: Message) => Promise<unknown>;

/** One publish through the API handler and one delivery of it to the consumer runtime, each timed. */
const round = async (
  api: ApiHandler,
  consume: Consume,
  sqs: SQSClient,
  queue: ProvisionedQueue,
  text: string,
) => {
  const started = performance.now();
  const response = await api(publishEvent(queue.name, text));
  const publishMs = performance.now() - started;
  if (response.statusCode !== 202)
    throw new Error(`bench large publish got ${response.statusCode}: ${response.body.slice(0, 300)}`);
  const message = await receiveOne(sqs, queue);
  const consumeStarted = performance.now();
  await consume(message);
  return { publishMs, recordMs: performance.now() - consumeStarted } satisfies Round;
};

const rounds = async (count: number, once: () => Promise<Round>): Promise<Round[]> => {
  await once(); // warm up (first S3 and SQS requests, JIT)
  const done: Round[] = [];
  for (let i = 0; i < count; i += 1) done.push(await once());
  return done;
};

/**
 * A 5 MB message against a 1 KB one on the same stack: the API handler and the consumer runtime on fauxqs
 * (SQS and S3, in this process) and DynamoDB Local, with the payload bucket. S3 requests are counted on the
 * S3 client both share: puts at publish plus gets per delivery, per message.
 */
export const benchLarge = async (env: {
  dynamoDbEndpoint: string;
  rounds: number;
}): Promise<BenchResult[]> => {
  const fauxqs = await startSqsEmulator();
  const sqs = createSqsClient({ endpoint: fauxqs.endpoint });
  const dynamo = createDynamoDbClient({ endpoint: env.dynamoDbEndpoint });
  const s3 = await lazyS3Client({ endpoint: fauxqs.endpoint })();
  try {
    const config = await loadConfig(join(import.meta.dirname, "fifoq.bench.config.ts"));
    const queueConfig = config.queues[0];
    if (!queueConfig) throw new Error("bench config has no queue");
    const queue = await provisionQueue(sqs, queueConfig);
    const payloads = createS3PayloadStore({ s3, bucket: await provisionPayloadBucket(s3) });
    const counts = countS3(s3);
    const logger = createJsonLogger({ level: "error" });
    const api = createApiHandler({
      sqs,
      dynamo,
      queues: { [queue.name]: { url: queue.url, dlqUrl: queue.dlqUrl, contentBasedDeduplication: false } },
      deadLetterTable: "bench-large-dead-letters",
      payloads,
      logger,
    });
    const deadLetters = createSqsDeadLetterSender({ sqs, dlqUrl: queue.dlqUrl });
    const consumer = createConsumer<{ text: string }, void>(
      { handle: async ({ body }) => void body.text.length },
      { queue: queue.name, deadLetters, logger, payloads },
    );
    const consume: Consume = (message) =>
      consumer({ Records: [sqsMessageToRecord(message, { queueArn: queue.arn })] }, lambdaContext());
    const small = await rounds(env.rounds, () => round(api, consume, sqs, queue, SMALL_TEXT));
    counts.clear();
    const large = await rounds(env.rounds, () => round(api, consume, sqs, queue, LARGE_TEXT));
    const requests = [...counts.values()].reduce((sum, n) => sum + n, 0) / (env.rounds + 1);
    console.log(
      `INFO large: ${env.rounds} rounds (+1 warm-up); S3 requests for ${env.rounds + 1} messages of 5 MB: ${JSON.stringify(Object.fromEntries(counts))}`,
    );
    return [
      {
        name: "producer_5mb_publish_ms",
        fifoq: median(large.map((r) => r.publishMs)),
        peer: median(small.map((r) => r.publishMs)),
        higherIsBetter: false,
      },
      {
        name: "consumer_5mb_record_ms",
        fifoq: median(large.map((r) => r.recordMs)),
        peer: median(small.map((r) => r.recordMs)),
        higherIsBetter: false,
      },
      { name: "large_message_s3_requests", fifoq: requests, peer: 2, higherIsBetter: false },
    ];
  } finally {
    s3.destroy();
    sqs.destroy();
    dynamo.destroy();
    await fauxqs.stop();
  }
};
