import { randomUUID } from "node:crypto";
import { Agent, request as httpRequest } from "node:http";
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { type BenchResult, median } from "./report";

export interface ProducerBenchEnv {
  /** Base URL of the local API Gateway (with stage), and its key. */
  readonly url: string;
  readonly apiKey: string;
  readonly queue: string;
  readonly queueUrl: string;
  readonly sqs: SQSClient;
  readonly messages: number;
  readonly concurrency: number;
}

/** Runs `total` jobs with at most `concurrency` in flight; returns jobs per second. */
const throughput = async (total: number, concurrency: number, job: (i: number) => Promise<void>) => {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const i = next++;
      await job(i);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return total / ((performance.now() - started) / 1000);
};

const message = (i: number) => ({
  body: { i, pad: "x".repeat(200) },
  groupId: `g${i % 50}`,
  dedupId: randomUUID(),
});

/** The load generator's HTTP client: node:http with keep-alive (lighter than fetch, so it steals less CPU). */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

const post = (env: ProducerBenchEnv, path: string, payload: unknown, expected: number): Promise<void> =>
  new Promise((resolve, reject) => {
    const body = JSON.stringify(payload);
    const request = httpRequest(
      `${env.url}/queues/${env.queue}${path}`,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "x-api-key": env.apiKey,
          "content-length": Buffer.byteLength(body),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          if (response.statusCode === expected) return resolve();
          const text = Buffer.concat(chunks).toString().slice(0, 300);
          reject(new Error(`bench publish got ${response.statusCode}: ${text}`));
        });
      },
    );
    request.on("error", reject);
    request.end(body);
  });

export const benchProducer = async (env: ProducerBenchEnv): Promise<BenchResult[]> => {
  const { messages, concurrency } = env;
  const raw = (i: number) => {
    const m = message(i);
    return env.sqs
      .send(
        new SendMessageCommand({
          QueueUrl: env.queueUrl,
          MessageBody: JSON.stringify(m.body),
          MessageGroupId: m.groupId,
          MessageDeduplicationId: m.dedupId,
        }),
      )
      .then(() => undefined);
  };
  const single = (i: number) => post(env, "/messages", message(i), 202);
  const batchOf = 100;
  const batch = (i: number) =>
    post(
      env,
      "/messages/batch",
      { messages: Array.from({ length: batchOf }, (_, k) => message(i * batchOf + k)) },
      200,
    );
  await throughput(200, concurrency, raw); // warm up
  await throughput(200, concurrency, single);
  // Alternate the subjects in rounds so that neither always runs on a fuller queue or a warmer process.
  const rounds = 3;
  const rates = { raw: [] as number[], single: [] as number[], batch: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    rates.raw.push(await throughput(messages / rounds, concurrency, raw));
    rates.single.push(await throughput(messages / rounds, concurrency, single));
    rates.batch.push((await throughput(50, concurrency, batch)) * batchOf); // 5,000 messages a round
  }
  const peerRate = median(rates.raw);
  const singleRate = median(rates.single);
  const batchRate = median(rates.batch);
  return [
    { name: "producer_single_msgs_per_s", fifoq: singleRate, peer: peerRate, higherIsBetter: true },
    { name: "producer_batch_vs_single_msgs_per_s", fifoq: batchRate, peer: singleRate, higherIsBetter: true },
  ];
};
