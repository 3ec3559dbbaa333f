import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { createSqsClient } from "../functions/adapters/sqs/sqs-client";
import { loadConfig } from "../functions/core/config/load";
import { createJsonLogger } from "../functions/core/logging/logger";
import { startLocalStack } from "../local/start-local-stack";
import { type BenchResult, median } from "./report";

export interface RetryBenchEnv {
  readonly dynamoDbEndpoint: string;
  readonly rounds: number;
}

interface Noted {
  readonly phase: "failed" | "retried";
  readonly dedupId: string;
  readonly at: number;
}

const notedIn = (file: string): Noted[] =>
  (existsSync(file) ? readFileSync(file, "utf8") : "")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Noted);

/** Seconds from the handler's throw to the start of the retry's `handle`, for one message. */
const oneRetry = async (stack: { url: string; apiKey: string }, file: string): Promise<number> => {
  const dedupId = randomUUID();
  const response = await fetch(`${stack.url}/queues/bench-retry/messages`, {
    method: "POST",
    headers: { "x-api-key": stack.apiKey, "content-type": "application/json" },
    body: JSON.stringify({ body: { bench: "retry" }, groupId: `g-${dedupId}`, dedupId }),
  });
  if (response.status !== 202) throw new Error(`publish answered ${response.status}`);
  for (let waited = 0; waited < 30_000; waited += 20) {
    const mine = notedIn(file).filter((noted) => noted.dedupId === dedupId);
    const failed = mine.find((noted) => noted.phase === "failed");
    const retried = mine.find((noted) => noted.phase === "retried");
    if (failed && retried) return (retried.at - failed.at) / 1000;
    await sleep(20);
  }
  throw new Error(`no retry of ${dedupId} within 30 s`);
};

/**
 * The time from a transient failure to the start of its retry, through the local stack (gateway, API
 * function, fauxqs, the event source mapping emulation, the consumer runtime with DynamoDB Local), every
 * queue setting at its default. The peer, Powertools' partial batch processor behind a plain event source
 * mapping, changes no visibility: its retry waits the queue's visibility timeout, taken from the queue.
 */
export const benchRetry = async (env: RetryBenchEnv): Promise<BenchResult[]> => {
  const dir = mkdtempSync(join(tmpdir(), "fifoq-bench-retry-"));
  const file = join(dir, "times.jsonl");
  const config = await loadConfig(join(import.meta.dirname, "retry.bench.config.ts"));
  const stack = await startLocalStack({
    config,
    dynamoDbEndpoint: env.dynamoDbEndpoint,
    tables: { idempotency: "bench-retry-idempotency", deadLetters: "bench-retry-dead-letters" },
    logger: createJsonLogger({ level: "error" }),
    throttle: false,
    // The consumer runs in a worker container whose environment is the function's, as on Lambda.
    environment: { FIFOQ_BENCH_RETRY_TIMES: file },
  });
  const sqs = createSqsClient({ endpoint: stack.sqsEndpoint });
  try {
    const queueUrl = stack.queues[0]?.provisioned.url;
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["VisibilityTimeout"] }),
    );
    const visibilityTimeoutS = Number(Attributes?.VisibilityTimeout);
    await oneRetry(stack, file); // warm up (first DynamoDB Local requests, JIT)
    const samples: number[] = [];
    for (let round = 0; round < env.rounds; round += 1) samples.push(await oneRetry(stack, file));
    console.log(
      `INFO retry: ${env.rounds} rounds, first retry ${samples.map((s) => s.toFixed(2)).join(" ")} s; peer = the queue's configured VisibilityTimeout (${visibilityTimeoutS} s), not measured`,
    );
    return [
      {
        name: "consumer_first_retry_s",
        fifoq: median(samples),
        peer: visibilityTimeoutS,
        higherIsBetter: false,
      },
    ];
  } finally {
    sqs.destroy();
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
};
