import { randomUUID } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { type Message, ReceiveMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { inject } from "vitest";
import { createDynamoDbClient, lazyS3Client } from "../../functions/adapters/aws-clients";
import { dynamoDbRecorderDeps } from "../../functions/adapters/dead-letters";
import { createS3PayloadStore } from "../../functions/adapters/s3/payload-store";
import { createSqsClient } from "../../functions/adapters/sqs/sqs-client";
import { type QueueConfig, type ResolvedQueueConfig, resolveQueue } from "../../functions/core/config";
import {
  createDeadLetterRecorder,
  type DeadLetterRecorder,
} from "../../functions/core/dead-letters/recorder";
import type { Logger } from "../../functions/core/logging/logger";
import type { PayloadStore } from "../../functions/core/payloads/payload-store";
import { startSqsEmulator } from "../../local/emulators/sqs";
import { provisionTables, type TableNames } from "../../local/provision/dynamodb";
import { provisionPayloadBucket } from "../../local/provision/s3";
import { type ProvisionedQueue, provisionQueue } from "../../local/provision/sqs";
import { useStarted } from "./use-started";

export interface TestStack {
  readonly sqsEndpoint: string;
  readonly dynamoDbEndpoint: string;
  readonly sqs: SQSClient;
  readonly dynamo: DynamoDBClient;
  readonly tables: TableNames;
  /** The emulator's S3 bucket for large bodies and dead letters (fauxqs). */
  readonly payloads: PayloadStore;
  readonly queues: ReadonlyMap<string, { config: ResolvedQueueConfig; provisioned: ProvisionedQueue }>;
  queue(name: string): { config: ResolvedQueueConfig; provisioned: ProvisionedQueue };
  stop(): Promise<void>;
}

/** One receive of up to 10 messages with every system and message attribute, as the event source mapping asks. */
export const receiveMessages = async (sqs: SQSClient, url: string): Promise<Message[]> => {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      MaxNumberOfMessages: 10,
      MessageSystemAttributeNames: ["All"],
      MessageAttributeNames: ["All"],
    }),
  );
  return Messages;
};

/** A queue config for tests: `orders` with a dummy handler path unless overridden. */
export const testQueueConfig = (overrides: Partial<QueueConfig> = {}): QueueConfig => ({
  name: "orders",
  handler: "functions/consumers/orders.ts",
  ...overrides,
});

/**
 * Real emulators for one integration test file: its own fauxqs on a free port, and its own uniquely named
 * tables in the run's shared DynamoDB Local (started by test/setup/global-setup.ts).
 */
export const startTestStack = async (
  queueConfigs: QueueConfig[] = [testQueueConfig()],
): Promise<TestStack> => {
  const emulator = await startSqsEmulator();
  const dynamoDbEndpoint = inject("dynamoDbEndpoint");
  const sqs = createSqsClient({ endpoint: emulator.endpoint });
  const dynamo = createDynamoDbClient({ endpoint: dynamoDbEndpoint });
  const suffix = randomUUID().slice(0, 8);
  const s3 = lazyS3Client({ endpoint: emulator.endpoint });
  const bucket = await provisionPayloadBucket(await s3(), `fifoq-payloads-${suffix}`);
  const payloads = createS3PayloadStore({ s3, bucket });
  const tables = { idempotency: `fifoq-idempotency-${suffix}`, deadLetters: `fifoq-dead-letters-${suffix}` };
  await provisionTables(dynamo, tables);
  const queues = new Map<string, { config: ResolvedQueueConfig; provisioned: ProvisionedQueue }>();
  for (const [index, raw] of queueConfigs.entries()) {
    const config = resolveQueue(raw, index, process.cwd());
    queues.set(config.name, { config, provisioned: await provisionQueue(sqs, config) });
  }
  return {
    sqsEndpoint: emulator.endpoint,
    dynamoDbEndpoint,
    sqs,
    dynamo,
    tables,
    payloads,
    queues,
    queue(name) {
      const found = queues.get(name);
      if (!found) throw new Error(`test stack has no queue ${name}`);
      return found;
    },
    async stop() {
      sqs.destroy();
      dynamo.destroy();
      await emulator.stop();
    },
  };
};

/**
 * Starts a test stack before the file's (or the `describe`'s) tests and stops it after them. The object it
 * returns stands for the live stack; reading it before `beforeAll` has run throws.
 */
export const useTestStack = (queueConfigs?: QueueConfig[]): TestStack =>
  useStarted("the test stack", () => startTestStack(queueConfigs));

/** The dead-letter recorder on the stack's tables, wired as the Lambda edge wires it. */
export const stackRecorder = (stack: TestStack, logger: Logger): DeadLetterRecorder =>
  createDeadLetterRecorder(
    dynamoDbRecorderDeps({
      dynamo: stack.dynamo,
      deadLetterTable: stack.tables.deadLetters,
      idempotencyTable: stack.tables.idempotency,
      payloads: stack.payloads,
      logger,
    }),
  );
