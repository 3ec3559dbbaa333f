import { randomUUID } from "node:crypto";
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { BenchResult } from "./report";

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

const post = async (env: ProducerBenchEnv, path: string, payload: unknown, expected: number) => {
  const response = await fetch(`${env.url}/queues/${env.queue}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": env.apiKey },
    body: JSON.stringify(payload),
  });
  const text = await response.text();
  if (response.status !== expected)
    throw new Error(`bench publish got ${response.status}: ${text.slice(0, 300)}`);
};

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
  const peerRate = await throughput(messages, concurrency, raw);
  const singleRate = await throughput(messages, concurrency, single);
  const batchRate = ((await throughput(messages / batchOf, concurrency, batch)) * batchOf) as number;
  return [
    { name: "producer_single_msgs_per_s", fifoq: singleRate, peer: peerRate, higherIsBetter: true },
    { name: "producer_batch_vs_single_msgs_per_s", fifoq: batchRate, peer: singleRate, higherIsBetter: true },
  ];
};
