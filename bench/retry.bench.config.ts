import { defineConfig } from "../functions/core/config";

/** The retry benchmark's queue: every setting at its default (visibility 180 s, retry 1 s doubling to 300 s). */
export default defineConfig({
  queues: [{ name: "bench-retry", handler: "fixtures/retry-consumer.ts" }],
});
