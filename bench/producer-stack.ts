import { join } from "node:path";
import { loadConfig } from "../functions/core/config/load";
import { createJsonLogger } from "../functions/core/logging/logger";
import { startLocalStack } from "../local/start-local-stack";

/**
 * The producer benchmark's stack process: the local stack (gateway + API function) in a process of its own,
 * against SQS (fauxqs) in another, like the cloud where SQS is a remote service. Consumers are off so only the
 * producer path is measured. Prints one JSON line with the URL, key and queue URL; stops on SIGTERM.
 */
const config = await loadConfig(join(import.meta.dirname, "fifoq.bench.config.ts"));
const stack = await startLocalStack({
  config,
  port: 0,
  sqsEndpoint: process.env.FIFOQ_SQS_ENDPOINT,
  dynamoDbEndpoint: process.env.FIFOQ_DYNAMODB_ENDPOINT,
  throttle: false,
  consumers: false,
  logger: createJsonLogger({ level: "error" }),
  logLevel: "error",
});
const queue = stack.queues[0];
console.log(JSON.stringify({ url: stack.url, apiKey: stack.apiKey, queueUrl: queue?.provisioned.url }));
process.once("SIGTERM", () => void stack.stop().then(() => process.exit(0)));
