import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { loadConfig } from "../functions/core/config/load";
import { createJsonLogger } from "../functions/core/logging/logger";
import { startLocalStack } from "../local/start-local-stack";
import { printResult } from "./report";

/**
 * Delayed messages on the local stack: `scheduled_release_lateness_p99_ms` — N messages (default 10,000)
 * scheduled with `notBefore` spread over a minute, lateness = the release's send completed − `releaseAt`
 * (the release function's own `latenessMs`); and `scheduled_publish_msgs_per_s` against immediate publishes in
 * the same run (batches of 100). The peer of the lateness line is the goal (1,000 ms).
 */
const count = Number(process.env.BENCH_SCHEDULED_MESSAGES ?? 10_000);
const spreadMs = Number(process.env.BENCH_SCHEDULED_SPREAD_MS ?? 60_000);

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

const lateness: number[] = [];
const logger = createJsonLogger({
  level: "info",
  write: (line) => {
    if (!line.includes('"outcome":"released"')) return;
    const parsed = JSON.parse(line) as { latenessMs?: number };
    if (typeof parsed.latenessMs === "number") lateness.push(parsed.latenessMs);
  },
});

const publishAll = async (url: string, key: string, entries: (index: number) => Record<string, unknown>) => {
  const started = performance.now();
  const batches = Array.from({ length: Math.ceil(count / 100) }, (_, b) =>
    Array.from({ length: Math.min(100, count - b * 100) }, (_, i) => entries(b * 100 + i)),
  );
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const messages = batches[next++];
      const response = await fetch(`${url}/queues/bench/messages/batch`, {
        method: "POST",
        headers: { "x-api-key": key, "content-type": "application/json" },
        body: JSON.stringify({ messages }),
      });
      const body = (await response.json()) as { results?: { status: string }[] };
      if (response.status !== 200 || body.results?.some((r) => r.status !== "accepted")) {
        throw new Error(`publish failed: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return count / ((performance.now() - started) / 1000);
};

const main = async () => {
  const config = await loadConfig(join(import.meta.dirname, "fifoq.bench.config.ts"));
  const stack = await startLocalStack({
    config,
    logger,
    throttle: false,
    scheduledTable: `bench-scheduled-${randomUUID().slice(0, 8)}`,
  });
  try {
    const message = (index: number) => ({
      body: { index },
      groupId: `g-${index % 50}`,
      dedupId: randomUUID(),
    });
    const immediate = await publishAll(stack.url, stack.apiKey, message);
    const base = Date.now() + 15_000;
    const scheduled = await publishAll(stack.url, stack.apiKey, (index) => ({
      ...message(index),
      notBefore: new Date(base + Math.floor((index / count) * spreadMs)).toISOString(),
    }));
    const deadline = base + spreadMs + 60_000;
    while (lateness.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    console.log(
      `scheduled: ${lateness.length}/${count} released; lateness p50=${percentile(lateness, 50)} p99=${percentile(lateness, 99)} max=${Math.max(...lateness)} ms`,
    );
    printResult({
      name: "scheduled_release_lateness_p99_ms",
      fifoq: percentile(lateness, 99),
      peer: 1000,
      higherIsBetter: false,
      unit: "ms",
    });
    printResult({
      name: "scheduled_publish_msgs_per_s",
      fifoq: scheduled,
      peer: immediate,
      higherIsBetter: true,
      unit: "msg/s",
    });
  } finally {
    await stack.stop();
  }
};

await main();
