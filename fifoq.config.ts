import { defineConfig } from "./functions/core/config";

/**
 * The queues this deployment creates. The CDK app (`npx cdk synth`) and the local stack (`npm start`) both
 * read this file; point FIFOQ_CONFIG at another file to use that instead.
 */
export default defineConfig({
  queues: [
    {
      name: "orders",
      handler: "functions/consumers/orders.ts",
      batchSize: 10,
      maxConcurrency: 10,
      maxReceiveCount: 3,
      functionTimeoutSeconds: 30,
      visibilityTimeoutSeconds: 180,
      retentionSeconds: 4 * 24 * 3600,
      contentBasedDeduplication: true,
      highThroughput: true,
      idempotencyWindowSeconds: 24 * 3600,
    },
  ],
  api: { rateLimit: 100, burstLimit: 200 },
});
