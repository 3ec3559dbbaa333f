import { defineConfig } from "../functions/core/config";

/** The benchmark's own queue, so `npm run bench` never touches the example `orders` queue. */
export default defineConfig({
  queues: [{ name: "bench", handler: "fixtures/noop-consumer.ts", contentBasedDeduplication: false }],
  api: { rateLimit: 10_000, burstLimit: 5_000 },
});
