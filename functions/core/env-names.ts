/**
 * Environment variables the Lambda functions read, once, at their edge (handlers/*).
 * The CDK stack sets them; the local stack passes the same values as plain objects.
 */
export const ENV = {
  /** JSON: `{ "<queue>": { "url", "dlqUrl", "contentBasedDeduplication" } }`. */
  queues: "FIFOQ_QUEUES",
  deadLetterTable: "FIFOQ_DEAD_LETTER_TABLE",
  idempotencyTable: "FIFOQ_IDEMPOTENCY_TABLE",
  queueName: "FIFOQ_QUEUE_NAME",
  queueUrl: "FIFOQ_QUEUE_URL",
  dlqUrl: "FIFOQ_DLQ_URL",
  idempotencyWindowSeconds: "FIFOQ_IDEMPOTENCY_WINDOW_SECONDS",
  /** `messageGroup` or `queue`: the queue's deduplication scope, which the idempotency key follows. */
  dedupScope: "FIFOQ_DEDUP_SCOPE",
  /** Comma-separated table names `context.transaction` may stage writes on. */
  effectTables: "FIFOQ_EFFECT_TABLES",
  commitIntervalMs: "FIFOQ_COMMIT_INTERVAL_MS",
  /** Retry backoff in whole seconds; both set or neither (`retry: false`). */
  retryMinSeconds: "FIFOQ_RETRY_MIN_SECONDS",
  retryMaxSeconds: "FIFOQ_RETRY_MAX_SECONDS",
  sqsEndpoint: "FIFOQ_SQS_ENDPOINT",
  dynamoDbEndpoint: "FIFOQ_DYNAMODB_ENDPOINT",
  logLevel: "FIFOQ_LOG_LEVEL",
} as const;
