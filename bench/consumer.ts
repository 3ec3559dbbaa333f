import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { createDynamoDbClient } from "../functions/adapters/aws-clients";
import { QUEUE_DEFAULTS } from "../functions/core/config/defaults";
import { createJsonLogger } from "../functions/core/logging/logger";
import { buildConsumerDeps, createConsumer } from "../functions/runtime/internal";
import { type DynamoMeter, meterDynamo } from "./dynamo-meter";
import { fifoEvent, lambdaContext } from "./events";
import { createFloorConsumer } from "./floor";
import { createPowertoolsConsumer } from "./peer-powertools";
import { type BenchResult, median } from "./report";

type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

export interface ConsumerBenchEnv {
  readonly dynamoDbEndpoint: string;
  readonly sqs: SQSClient;
  readonly dlqUrl: string;
  /** The queue's URL: the retry backoff is on, as by default (a happy batch makes no SQS call). */
  readonly queueUrl: string;
  readonly fifoqTable: string;
  readonly peerTable: string;
  readonly iterations: number;
  readonly dynamoDelayMs: number;
  readonly handlerDelayMs: number;
}

interface Subject {
  readonly handler: Handler;
  readonly meter: DynamoMeter;
  readonly client: DynamoDBClient;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Who = "fifoq" | "peer" | "floor";
type Subjects = Record<Who, Subject>;

const subjects = (env: ConsumerBenchEnv): Subjects => {
  const work = () => sleep(env.handlerDelayMs);
  const fifoqClient = createDynamoDbClient({ endpoint: env.dynamoDbEndpoint });
  const peerClient = createDynamoDbClient({ endpoint: env.dynamoDbEndpoint });
  const fifoqMeter = meterDynamo(fifoqClient, env.dynamoDelayMs);
  const peerMeter = meterDynamo(peerClient, env.dynamoDelayMs);
  const floorClient = createDynamoDbClient({ endpoint: env.dynamoDbEndpoint });
  const floorMeter = meterDynamo(floorClient, env.dynamoDelayMs);
  const deps = buildConsumerDeps({
    queue: "bench",
    dlqUrl: env.dlqUrl,
    queueUrl: env.queueUrl,
    sqs: env.sqs,
    dynamo: fifoqClient,
    idempotencyTable: env.fifoqTable,
    idempotencyWindowSeconds: 86_400,
    retry: QUEUE_DEFAULTS.retry,
    logger: createJsonLogger({ level: "error" }),
  });
  return {
    fifoq: { handler: createConsumer({ handle: work }, deps), meter: fifoqMeter, client: fifoqClient },
    peer: {
      handler: createPowertoolsConsumer({ dynamo: peerClient, table: env.peerTable, work }),
      meter: peerMeter,
      client: peerClient,
    },
    floor: {
      handler: createFloorConsumer({ dynamo: floorClient, table: env.fifoqTable, work }),
      meter: floorMeter,
      client: floorClient,
    },
  };
};

interface Sample {
  readonly ms: number;
  readonly requests: number;
  readonly writeUnits: number;
  readonly messages: number;
}

/** Runs one batch and measures it; `prime` runs first (unmeasured), for the redelivery scenario. */
const sample = async (subject: Subject, event: SQSEvent, prime: boolean): Promise<Sample> => {
  if (prime) await subject.handler(event, lambdaContext());
  subject.meter.reset();
  const started = performance.now();
  const response = await subject.handler(event, lambdaContext());
  const ms = performance.now() - started;
  if (response.batchItemFailures.length > 0)
    throw new Error(`bench batch had failures: ${JSON.stringify(response)}`);
  return {
    ms,
    requests: subject.meter.requests,
    writeUnits: subject.meter.writeUnits,
    messages: event.Records.length,
  };
};

const summarize = (samples: Sample[]) => ({
  ms: median(samples.map((s) => s.ms)),
  requests: median(samples.map((s) => s.requests)),
  writeUnitsPerMessage: median(samples.map((s) => s.writeUnits / s.messages)),
});

/** The floor runs only first deliveries (a redelivered batch is not its case). */
const scenario = async (env: ConsumerBenchEnv, all: Subjects, sizes: number[], redeliver: boolean) => {
  const samples: Record<Who, Sample[]> = { fifoq: [], peer: [], floor: [] };
  const who: Who[] = redeliver ? ["fifoq", "peer"] : ["fifoq", "peer", "floor"];
  for (let i = 0; i < env.iterations; i++) {
    // Rotate who goes first so that none always runs on a warmer DynamoDB Local.
    const order = [...who.slice(i % who.length), ...who.slice(0, i % who.length)];
    for (const subject of order) {
      samples[subject].push(await sample(all[subject], fifoEvent(sizes), redeliver));
    }
  }
  return {
    fifoq: summarize(samples.fifoq),
    peer: summarize(samples.peer),
    floor: redeliver ? undefined : summarize(samples.floor),
  };
};

const SCENARIOS = [
  { name: "10_groups", sizes: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], redeliver: false, floor: true },
  { name: "1_group", sizes: [10], redeliver: false, floor: true },
  { name: "3_groups", sizes: [4, 3, 3], redeliver: false, floor: false },
  { name: "redelivered", sizes: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], redeliver: true, floor: false },
] as const;

/**
 * The consumer with idempotency against Powertools' FIFO processor + makeIdempotent, and against the floor
 * (`floor.ts`), same DynamoDB Local.
 */
export const benchConsumer = async (env: ConsumerBenchEnv): Promise<BenchResult[]> => {
  const pair = subjects(env);
  await scenario(env, pair, [2, 2], false); // warm up both (JIT, connections)
  const results: BenchResult[] = [];
  for (const s of SCENARIOS) {
    const r = await scenario(env, pair, [...s.sizes], s.redeliver);
    results.push({
      name: `consumer_${s.name}_batch_ms`,
      fifoq: r.fifoq.ms,
      peer: r.peer.ms,
      higherIsBetter: false,
    });
    if (s.floor && r.floor) {
      // How close fifoq comes to the floor: ratio = floor / fifoq (1 is the limit).
      results.push({
        name: `consumer_${s.name}_vs_floor`,
        fifoq: r.fifoq.ms,
        peer: r.floor.ms,
        against: "floor",
        higherIsBetter: false,
      });
    }
    results.push({
      name: `consumer_${s.name}_ddb_requests_per_batch`,
      fifoq: r.fifoq.requests,
      peer: r.peer.requests,
      higherIsBetter: false,
    });
    if (!s.redeliver) {
      results.push({
        name: `consumer_${s.name}_write_units_per_message`,
        fifoq: r.fifoq.writeUnitsPerMessage,
        peer: r.peer.writeUnitsPerMessage,
        higherIsBetter: false,
      });
    }
  }
  for (const subject of Object.values(pair)) subject.client.destroy();
  return results;
};
