/**
 * Environment variables the Lambda functions read, once, at their edge (handlers/*).
 * The CDK stack sets them; the local stack passes the same values as plain objects.
 * `CONSUMER_ENV` holds the ones a consumer reads, so that its bundle carries no others.
 */
export const CONSUMER_ENV = {
  /** The stack (deployment) name: the `stack` dimension of every metric. Unset: no metrics. */
  stackName: "FIFOQ_STACK_NAME",
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
  /** The payload bucket: message bodies over 1 MiB (claim check) and dead letters over DynamoDB's 400 KB. */
  payloadBucket: "FIFOQ_PAYLOAD_BUCKET",
  /** S3's endpoint in an emulator (fauxqs serves S3 beside SQS); unset in the cloud. */
  s3Endpoint: "FIFOQ_S3_ENDPOINT",
  sqsEndpoint: "FIFOQ_SQS_ENDPOINT",
  dynamoDbEndpoint: "FIFOQ_DYNAMODB_ENDPOINT",
  logLevel: "FIFOQ_LOG_LEVEL",
} as const;

/** Every variable: the consumer's and those only the API, the recorder or the release function read. */
export const ENV = /* @__PURE__ */ Object.assign(
  {
    /**
     * JSON: `{ "<queue>": { "contentBasedDeduplication": boolean } }`. The CDK stack bundles it into the API
     * function's code at synth (esbuild `define`), so the queue list is not bound by Lambda's 4 KB environment.
     */
    queues: "FIFOQ_QUEUES",
    /** What every queue's URL starts with (`https://sqs.<region>.amazonaws.com/<account>/<stack>-`): + `<name>.fifo`. */
    queueUrlPrefix: "FIFOQ_QUEUE_URL_PREFIX",
    /** `apiKey` or `iam`: with `iam`, API Gateway's IAM policies decide who may call which route. */
    apiAuth: "FIFOQ_API_AUTH",
    deadLetterTable: "FIFOQ_DEAD_LETTER_TABLE",
    /** Delayed messages: the scheduled-message table and the SQS delay queue (both or neither). */
    scheduledTable: "FIFOQ_SCHEDULED_TABLE",
    delayQueueUrl: "FIFOQ_DELAY_QUEUE_URL",
    /** Long delays: the EventBridge Scheduler group, its role and the delay queue's ARN (all or none). */
    schedulerGroup: "FIFOQ_SCHEDULER_GROUP",
    schedulerRoleArn: "FIFOQ_SCHEDULER_ROLE_ARN",
    delayQueueArn: "FIFOQ_DELAY_QUEUE_ARN",
    /**
     * JSON: the configuration's recurring schedules (config form). The CDK stack bundles it into the API's code
     * (esbuild `define`), like the queue list. Unset: none declared.
     */
    schedules: "FIFOQ_SCHEDULES",
    /** Cron ticks of API-managed schedules: the release function's ARN and the tick dead-letter queue's (both or neither). */
    tickTargetArn: "FIFOQ_TICK_TARGET_ARN",
    tickDeadLetterArn: "FIFOQ_TICK_DLQ_ARN",
    /** EventBridge Scheduler's endpoint in an emulator; unset in the cloud. */
    schedulerEndpoint: "FIFOQ_SCHEDULER_ENDPOINT",
    /** The id of the operator API key (not the key): only it may use the dead-letter routes. */
    operatorKeyId: "FIFOQ_OPERATOR_KEY_ID",
  } as const,
  CONSUMER_ENV,
);
