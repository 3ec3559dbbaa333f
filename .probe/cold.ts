import { createJsonLogger } from "../functions/core/logging/logger";
import { createConsumerPool } from "../local/functions/worker/consumer-pool";
import { sqsRecordFactory } from "../test/factories/sqs";
const pool = createConsumerPool({ queue: "pool", modulePath: new URL("../test/integration/local/fixtures/pool-consumer.ts", import.meta.url).pathname,
  settings: { functionName: "f", timeoutMs: 5000, memorySizeMb: 256, region: "us-east-1" },
  env: { POOL_EFFECTS: "/tmp/pool-effects.log", FIFOQ_QUEUE_NAME: "pool", FIFOQ_DLQ_URL: "http://127.0.0.1:9/0/p.fifo", FIFOQ_IDEMPOTENCY_WINDOW_SECONDS: "0", FIFOQ_SQS_ENDPOINT: "http://127.0.0.1:9", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  logger: createJsonLogger({ level: "error" }) });
const never = new AbortController().signal;
const ev = () => ({ Records: [sqsRecordFactory({ body: { id: "a", action: "write" }, groupId: "g" })] });
for (let i = 0; i < 3; i++) {
  let t = performance.now(); await pool.invoke(ev(), "r", never); const cold = performance.now() - t;
  t = performance.now(); for (let j = 0; j < 20; j++) await pool.invoke(ev(), "r", never); const warm = (performance.now() - t) / 20;
  console.log(`cold invoke (boot+run) ${cold.toFixed(0)} ms, warm invoke ${warm.toFixed(2)} ms`);
  await pool.stop(); (pool as any); 
  break;
}
const t0 = performance.now(); await pool.warm().catch(() => {}); 
process.exit(0);
