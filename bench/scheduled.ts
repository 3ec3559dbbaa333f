import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { GetQueueUrlCommand } from "@aws-sdk/client-sqs";
import { createSqsClient } from "../functions/adapters/sqs/sqs-client";
import { loadConfig } from "../functions/core/config/load";
import { createJsonLogger } from "../functions/core/logging/logger";
import { LOCAL_DELAY_QUEUE } from "../local/scheduler/provision";
import { startLocalStack } from "../local/start-local-stack";
import type { BenchResult } from "./report";
import { countRequests, describeCounts } from "./request-counter";
import { measureDelayQueueFloor } from "./scheduled-floor";
import { probePublishRequests } from "./scheduled-probe";

/**
 * Delayed messages on the local stack (issue #19). `count` messages (10,000) with `notBefore` spread over
 * `spreadMs` (a minute) in 50 groups, published in batches of 100 through the gateway:
 * - `scheduled_release_lateness_p99_ms`: the release function's own `latenessMs` (send completed − releaseAt),
 *   against the floor measured right after on the same stack: SQS `DelaySeconds` alone (`scheduled-floor.ts`);
 * - `scheduled_release_lateness_beyond_order_p99_ms`: the same less the `orderHoldMs` the release logged (the
 *   wait for a message of its group and second published before it and due later: the contract's order);
 * - `scheduled_publish_msgs_per_s`: the delayed publishes against as many immediate ones, same run, same client;
 * - `scheduled_aws_requests_per_message`: publish (probe of the same code on the same emulators) + release
 *   (counted on the wire in this process), against the floor's (delay-queue send, receive, delete).
 */
interface ScheduledBenchOptions {
  readonly dynamoDbEndpoint: string;
  readonly count: number;
  readonly spreadMs: number;
  /** Between the start of the delayed publishes and the first due time. */
  readonly leadMs: number;
}

const GROUPS = 50;

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

const publishAll = async (
  url: string,
  key: string,
  count: number,
  entry: (index: number) => Record<string, unknown>,
) => {
  const started = performance.now();
  let immediate = 0;
  let next = 0;
  const worker = async () => {
    for (let b = next++; b * 100 < count; b = next++) {
      const messages = Array.from({ length: Math.min(100, count - b * 100) }, (_, i) => entry(b * 100 + i));
      const response = await fetch(`${url}/queues/bench/messages/batch`, {
        method: "POST",
        headers: { "x-api-key": key, "content-type": "application/json" },
        body: JSON.stringify({ messages }),
      });
      const body = (await response.json()) as { results?: { status: string; scheduledId?: string }[] };
      if (response.status !== 200 || body.results?.some((r) => r.status !== "accepted"))
        throw new Error(`publish failed: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
      immediate += body.results?.filter((r) => r.scheduledId === undefined).length ?? 0;
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return { perSecond: count / ((performance.now() - started) / 1000), immediate };
};

const summary = (label: string, values: readonly number[]) =>
  `${label}: ${values.length} seen; p50=${percentile(values, 50)} p99=${percentile(values, 99)} max=${Math.max(...values)} ms`;

export const benchScheduled = async (options: ScheduledBenchOptions): Promise<BenchResult[]> => {
  const { count, spreadMs } = options;
  const lateness: number[] = [];
  /** Lateness less what the order of a second demanded (a message published before it, due later in it). */
  const beyondOrder: number[] = [];
  const logger = createJsonLogger({
    level: "info",
    write: (line) => {
      if (!line.includes('"outcome":"released"')) return;
      const parsed = JSON.parse(line) as { latenessMs?: number; orderHoldMs?: number };
      if (typeof parsed.latenessMs !== "number") return;
      lateness.push(parsed.latenessMs);
      beyondOrder.push(parsed.latenessMs - (parsed.orderHoldMs ?? 0));
    },
  });
  const config = await loadConfig(join(import.meta.dirname, "fifoq.bench.config.ts"));
  const scheduledTable = `bench-scheduled-${randomUUID().slice(0, 8)}`;
  const stack = await startLocalStack({
    config,
    logger,
    throttle: false,
    scheduledTable,
    dynamoDbEndpoint: options.dynamoDbEndpoint,
  });
  const sqs = createSqsClient({ endpoint: stack.sqsEndpoint });
  try {
    const { QueueUrl: delayQueueUrl } = await sqs.send(
      new GetQueueUrlCommand({ QueueName: LOCAL_DELAY_QUEUE }),
    );
    const benchQueueUrl = stack.queues[0]?.provisioned.url;
    const message = (index: number) => ({
      body: { index },
      groupId: `g-${index % GROUPS}`,
      dedupId: randomUUID(),
    });
    const immediate = await publishAll(stack.url, stack.apiKey, count, message);
    const base = Date.now() + options.leadMs;
    const dueAt = (index: number) => base + Math.floor((index / count) * spreadMs);
    const counter = countRequests(
      ({ target, body }) =>
        body.QueueUrl === delayQueueUrl ||
        (body.QueueUrl === benchQueueUrl && target.startsWith("SendMessage")) ||
        body.TableName === scheduledTable ||
        JSON.stringify(body.Statements ?? "").includes(`\\"${scheduledTable}\\"`),
    );
    const delayed = await publishAll(stack.url, stack.apiKey, count, (index) => ({
      ...message(index),
      notBefore: new Date(dueAt(index)).toISOString(),
    }));
    const publishedBy = Date.now();
    const deadline = base + spreadMs + 60_000;
    while (lateness.length + delayed.immediate < count && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 500));
    counter.stop();
    const releaseRequests = counter.total() / lateness.length;
    console.log(
      `INFO scheduled: delayed publish ended ${((base - publishedBy) / 1000).toFixed(1)} s before the first due time; ${delayed.immediate} published after their time (sent at once, not measured)`,
    );
    console.log(`INFO scheduled ${summary("fifoq release lateness", lateness)}`);
    console.log(
      `INFO scheduled ${summary("fifoq release lateness beyond the order of its second", beyondOrder)}`,
    );
    console.log(
      `INFO scheduled release requests per message: ${describeCounts(counter.byTarget, lateness.length)}`,
    );
    const floorCounter = countRequests(({ body }) =>
      String(body.QueueUrl ?? "").includes("bench-delay-floor"),
    );
    const floor = await measureDelayQueueFloor({
      sqs,
      sqsEndpoint: stack.sqsEndpoint,
      releaseAts: Array.from(
        { length: count },
        (_, index) => Date.now() + 10_000 + Math.floor((index / count) * spreadMs),
      ),
      pollers: 25,
      logger,
    });
    floorCounter.stop();
    console.log(`INFO scheduled ${summary("floor (delay queue alone) lateness", floor)}`);
    const publish = await probePublishRequests({
      sqs,
      dynamoDbEndpoint: options.dynamoDbEndpoint,
      messages: 1000,
    });
    console.log(`INFO scheduled publish requests per message (probe, batches of 100): ${publish.describe}`);
    return [
      {
        name: "scheduled_release_lateness_p99_ms",
        fifoq: percentile(lateness, 99),
        peer: percentile(floor, 99),
        against: "floor",
        higherIsBetter: false,
        unit: "ms",
      },
      {
        name: "scheduled_release_lateness_beyond_order_p99_ms",
        fifoq: percentile(beyondOrder, 99),
        peer: percentile(floor, 99),
        against: "floor",
        higherIsBetter: false,
        unit: "ms",
      },
      {
        name: "scheduled_publish_msgs_per_s",
        fifoq: delayed.perSecond,
        peer: immediate.perSecond,
        higherIsBetter: true,
        unit: "msg/s",
      },
      {
        name: "scheduled_aws_requests_per_message",
        fifoq: publish.perMessage + releaseRequests,
        peer: floorCounter.total() / floor.length,
        against: "floor",
        higherIsBetter: false,
      },
    ];
  } finally {
    sqs.destroy();
    await stack.stop();
  }
};
