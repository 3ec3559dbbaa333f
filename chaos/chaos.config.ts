import { defineConfig, type QueueConfig } from "../functions/core/config";

/**
 * The chaos run's queue: a small function timeout and visibility timeout so retries and redeliveries come back
 * within seconds. `effectTables` grants the consumer's staged writes their table. The run sets CHAOS_CONCURRENCY for the stack it starts.
 */
/** The table the chaos consumer stages its effects in (created by the run, granted here). */
export const EFFECT_TABLE = "chaos-effects";

const chaos = {
  name: "chaos",
  handler: "./chaos-consumer.ts",
  batchSize: 10,
  maxConcurrency: Number(process.env.CHAOS_CONCURRENCY ?? 3),
  maxReceiveCount: 5,
  functionTimeoutSeconds: 2,
  visibilityTimeoutSeconds: 12,
  contentBasedDeduplication: false,
  highThroughput: true,
  idempotencyWindowSeconds: 3600,
  effectTables: [EFFECT_TABLE],
} satisfies QueueConfig;

export default defineConfig({
  queues: [chaos],
  api: { rateLimit: 10_000, burstLimit: 5000 },
});
