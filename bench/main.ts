import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createDynamoDbClient } from "../functions/adapters/aws-clients";
import { createSqsClient } from "../functions/adapters/sqs/sqs-client";
import { loadConfig } from "../functions/core/config/load";
import { startDynamoDbLocal } from "../local/emulators/dynamodb-local";
import { startSqsEmulator } from "../local/emulators/sqs";
import { provisionTables } from "../local/provision/dynamodb";
import { provisionQueue } from "../local/provision/sqs";
import { bundleBytes, bundleEntry, importTimeMs } from "./bundle";
import { benchConsumer } from "./consumer";
import { benchLarge } from "./large";
import { startFauxqsProcess, startTsxProcess } from "./processes";
import { benchProducer } from "./producer";
import { type BenchResult, printResult } from "./report";
import { benchRetry } from "./retry";
import { benchScheduled } from "./scheduled";

const numberFrom = (value: string | undefined, fallback: number) => (value ? Number(value) : fallback);

/** Three processes: SQS (fauxqs), the local stack (gateway + API function), and this one generating load. */
const producerSection = async (dynamoDbEndpoint: string): Promise<BenchResult[]> => {
  const fauxqs = await startFauxqsProcess();
  const stack = await startTsxProcess<{ url: string; apiKey: string; queueUrl: string }>(
    join(import.meta.dirname, "producer-stack.ts"),
    { FIFOQ_SQS_ENDPOINT: fauxqs.endpoint, FIFOQ_DYNAMODB_ENDPOINT: dynamoDbEndpoint },
  );
  const sqs = createSqsClient({ endpoint: fauxqs.endpoint });
  try {
    return await benchProducer({
      url: stack.ready.url,
      apiKey: stack.ready.apiKey,
      queue: "bench",
      queueUrl: stack.ready.queueUrl,
      sqs,
      messages: numberFrom(process.env.BENCH_MESSAGES, 3000),
      concurrency: numberFrom(process.env.BENCH_CONCURRENCY, 16),
    });
  } finally {
    sqs.destroy();
    await stack.stop();
    await fauxqs.stop();
  }
};

const consumerSection = async (dynamoDbEndpoint: string): Promise<BenchResult[]> => {
  const fauxqs = await startSqsEmulator();
  const sqs = createSqsClient({ endpoint: fauxqs.endpoint });
  const dynamo = createDynamoDbClient({ endpoint: dynamoDbEndpoint });
  try {
    const config = await loadConfig(join(import.meta.dirname, "fifoq.bench.config.ts"));
    const queue = config.queues[0];
    if (!queue) throw new Error("bench config has no queue");
    const provisioned = await provisionQueue(sqs, queue);
    await provisionTables(dynamo, { idempotency: "bench-fifoq", deadLetters: "bench-dead-letters" });
    await provisionTables(dynamo, { idempotency: "bench-powertools", deadLetters: "bench-dead-letters-2" });
    return await benchConsumer({
      dynamoDbEndpoint,
      sqs,
      dlqUrl: provisioned.dlqUrl,
      queueUrl: provisioned.url,
      fifoqTable: "bench-fifoq",
      peerTable: "bench-powertools",
      iterations: numberFrom(process.env.BENCH_ITERATIONS, 21),
      dynamoDelayMs: 10,
      handlerDelayMs: 20,
    });
  } finally {
    sqs.destroy();
    dynamo.destroy();
    await fauxqs.stop();
  }
};

const bundleSection = async (): Promise<BenchResult[]> => {
  const root = join(import.meta.dirname, "..");
  const outDir = join(root, ".fifoq", "bench");
  mkdirSync(outDir, { recursive: true });
  const fifoq = await bundleEntry(
    join(import.meta.dirname, "fixtures/fifoq-consumer.ts"),
    outDir,
    "fifoq-consumer",
  );
  const example = await bundleEntry(join(root, "functions/consumers/orders.ts"), outDir, "orders-consumer");
  console.log(
    `INFO the orders example consumer (its own parse and handle included) bundles to ${(bundleBytes(example) / 1024).toFixed(2)} KB`,
  );
  const peer = await bundleEntry(
    join(import.meta.dirname, "fixtures/powertools-consumer.ts"),
    outDir,
    "peer-consumer",
  );
  return [
    {
      name: "consumer_bundle_kb",
      fifoq: bundleBytes(fifoq) / 1024,
      peer: bundleBytes(peer) / 1024,
      higherIsBetter: false,
    },
    {
      name: "consumer_import_ms",
      fifoq: importTimeMs(fifoq, 15),
      peer: importTimeMs(peer, 15),
      higherIsBetter: false,
    },
  ];
};

const main = async () => {
  console.log(
    "fifoq bench: starting DynamoDB Local (every DynamoDB call gets +10 ms in the consumer section)",
  );
  const dynamo = await startDynamoDbLocal();
  try {
    const only = process.env.BENCH_ONLY;
    const wanted = (section: string) => !only || only.split(",").includes(section);
    const results = [
      ...(wanted("bundle") ? await bundleSection() : []),
      ...(wanted("consumer") ? await consumerSection(dynamo.endpoint) : []),
      ...(wanted("producer") ? await producerSection(dynamo.endpoint) : []),
      ...(wanted("retry")
        ? await benchRetry({
            dynamoDbEndpoint: dynamo.endpoint,
            rounds: numberFrom(process.env.BENCH_RETRY_ROUNDS, 9),
          })
        : []),
      ...(wanted("large")
        ? await benchLarge({
            dynamoDbEndpoint: dynamo.endpoint,
            rounds: numberFrom(process.env.BENCH_LARGE_ROUNDS, 5),
          })
        : []),
      ...(wanted("scheduled")
        ? await benchScheduled({
            dynamoDbEndpoint: dynamo.endpoint,
            count: numberFrom(process.env.BENCH_SCHEDULED_MESSAGES, 10_000),
            spreadMs: numberFrom(process.env.BENCH_SCHEDULED_SPREAD_MS, 60_000),
            leadMs: numberFrom(process.env.BENCH_SCHEDULED_LEAD_MS, 40_000),
          })
        : []),
    ];
    for (const result of results) printResult(result);
  } finally {
    await dynamo.stop();
  }
};

await main();
