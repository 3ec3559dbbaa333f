import type { ResolvedScheduleConfig } from "./schedules";

/**
 * The public configuration of fifoq: one file (default `fifoq.config.ts`) declares the queues.
 * Both the CDK app and the local stack read it through `loadConfig`.
 */
export interface QueueConfig {
  /**
   * Queue name, `[a-z0-9-]{1,64}`. In AWS the SQS queue is `<stack>-<name>.fifo` and its dead-letter queue
   * `<stack>-<name>-dlq.fifo` (at most 80 characters, checked at synth); the local stack uses `<name>.fifo`.
   */
  readonly name: string;
  /** Path of the consumer module (exports `handler = defineConsumer(...)`), relative to the config file. */
  readonly handler: string;
  /** Records per Lambda invocation, 1–10. @default 10 */
  readonly batchSize?: number;
  /** Maximum concurrent consumer invocations for this queue (SQS event source), 2–1000. @default 10 */
  readonly maxConcurrency?: number;
  /** Receives before a message is moved to the dead-letter queue, 1–1000. @default 5 */
  readonly maxReceiveCount?: number;
  /** Consumer function timeout in seconds, 1–900. @default 30 */
  readonly functionTimeoutSeconds?: number;
  /** Consumer memory in MB, 128–10240. @default 256 */
  readonly memorySizeMb?: number;
  /** Visibility timeout in seconds; at least 6× the function timeout, at most 43200. @default 6 × functionTimeoutSeconds */
  readonly visibilityTimeoutSeconds?: number;
  /** Message retention in seconds, 60–1209600 (14 days). The dead-letter queue keeps messages 14 days. @default 345600 (4 days) */
  readonly retentionSeconds?: number;
  /** Let a message without `dedupId`/`Idempotency-Key` be deduplicated by a SHA-256 of its body. @default false */
  readonly contentBasedDeduplication?: boolean;
  /** High-throughput FIFO: deduplication scope and throughput limit per message group. @default true */
  readonly highThroughput?: boolean;
  /** Exactly-once effect window in seconds (60–2592000), or `false` to turn idempotency off. @default 86400 */
  readonly idempotencyWindowSeconds?: number | false;
  /**
   * The longest a record that succeeded waits for its commit while other records of its batch still run,
   * 0–60000 ms. A batch that finishes within it commits once. @default 1000
   */
  readonly commitIntervalMs?: number;
  /**
   * DynamoDB tables the consumer may stage writes on with `context.transaction`; they commit atomically with
   * the record's completion. Needs idempotency. Each is a declaration with its keys (fifoq creates the table,
   * named `<stack>-<name>` in AWS and `<name>` locally) or a bare name (a table you own, same account and
   * region, used as named). `context.tables.<name>` gives the name to write to.
   * @default none
   */
  readonly effectTables?: readonly EffectTableConfig[];
  /**
   * Retry backoff of a failed record: the runtime makes it (and the rest of its group in the batch) visible
   * again after `min(maxSeconds, minSeconds × 2^(attempt − 1))` seconds, jittered down to no less than half
   * that and never below `minSeconds` (one `ChangeMessageVisibilityBatch` per batch that had a retryable
   * failure). `false`: a failed record waits the whole visibility timeout. A field left out takes its default.
   * @default { minSeconds: 1, maxSeconds: 300 }
   */
  readonly retry?: Partial<RetryPolicy> | false;
}

/** A key attribute of a declared effect table: its name and DynamoDB type (string, number, binary). */
export interface EffectTableKey {
  readonly name: string;
  readonly type: "S" | "N" | "B";
}

/** An effect table fifoq creates: its name (before the stack prefix) and its key schema. */
export interface EffectTableDeclaration {
  readonly name: string;
  readonly partitionKey: EffectTableKey;
  readonly sortKey?: EffectTableKey;
}

/** Whether the data tables outlive the stack. */
export type RemovalPolicyChoice = "retain" | "destroy";

/** A bare name (a table you own; also `{ name }`) or a declaration (fifoq creates it). */
export type EffectTableConfig = string | EffectTableDeclaration | { readonly name: string };

/** An effect table after validation: declared when it has a partition key. */
export interface ResolvedEffectTable {
  readonly name: string;
  readonly partitionKey?: EffectTableKey;
  readonly sortKey?: EffectTableKey;
}

/** How long a failed record waits before its retry, in whole seconds (the unit of SQS visibility timeouts). */
export interface RetryPolicy {
  /** The wait after the first failure; at least 1. @default 1 */
  readonly minSeconds: number;
  /**
   * The longest wait; at least `minSeconds`, at most 43200 − `functionTimeoutSeconds` (SQS keeps a message
   * invisible for at most 12 hours after its receive). @default 300, or `minSeconds` when that is larger
   */
  readonly maxSeconds: number;
}

/** How callers authenticate: an API key in `x-api-key`, or SigV4-signed requests checked by IAM. */
export type ApiAuth = "apiKey" | "iam";

export interface ApiConfig {
  /**
   * `"apiKey"`: producer and operator API keys with a usage plan. `"iam"`: SigV4 (AWS_IAM on every method);
   * the stack outputs a producer and an operator managed policy to attach to the callers. @default "apiKey"
   */
  readonly auth?: ApiAuth;
  /** Steady-state requests per second allowed per API key (with `"iam"`: for the whole stage). @default 100 */
  readonly rateLimit?: number;
  /** Burst of requests allowed per API key (with `"iam"`: for the whole stage). @default 200 */
  readonly burstLimit?: number;
}

/** A recurring schedule: each tick publishes one message (dedupId `fifoq-tick-<name>-<tick>`). */
export interface ScheduleConfig {
  /** `[a-z0-9-]{1,64}`, unique. */
  readonly name: string;
  /** Five fields, `minute hour day-of-month month day-of-week`, e.g. `"0 9 * * 1-5"`. */
  readonly cron: string;
  /** IANA time zone the cron reads in. @default "UTC" */
  readonly timezone?: string;
  /** A configured queue. */
  readonly queue: string;
  readonly groupId: string;
  /** Any JSON value. */
  readonly body: unknown;
  readonly attributes?: Readonly<Record<string, string>>;
}

export interface FifoqConfig {
  readonly queues: readonly QueueConfig[];
  /** Recurring schedules. @default none */
  readonly schedules?: readonly ScheduleConfig[];
  readonly api?: ApiConfig;
  /** X-Ray active tracing on every function and on the API stage. @default false */
  readonly tracing?: boolean;
  /** Every alarm notifies this address (CDK context `-c alarmEmail=` overrides it). @default no notifications */
  readonly alarmEmail?: string;
  /**
   * What `cdk destroy` does with the tables that hold data (idempotency records, dead letters, declared
   * effect tables): `"retain"` keeps them (and their data) in the account, `"destroy"` deletes them.
   * @default "retain"
   */
  readonly removalPolicy?: RemovalPolicyChoice;
}

/** A queue with every default filled in and every value checked. */
export interface ResolvedQueueConfig {
  readonly name: string;
  readonly fifoName: string;
  readonly dlqFifoName: string;
  /** Absolute path of the consumer module. */
  readonly handlerPath: string;
  readonly batchSize: number;
  readonly maxConcurrency: number;
  readonly maxReceiveCount: number;
  readonly functionTimeoutSeconds: number;
  readonly memorySizeMb: number;
  readonly visibilityTimeoutSeconds: number;
  readonly retentionSeconds: number;
  readonly contentBasedDeduplication: boolean;
  readonly highThroughput: boolean;
  /** 0 means idempotency is off. */
  readonly idempotencyWindowSeconds: number;
  readonly commitIntervalMs: number;
  readonly effectTables: readonly ResolvedEffectTable[];
  /** `false`: no backoff, a failed record waits the visibility timeout. */
  readonly retry: RetryPolicy | false;
}

export interface ResolvedConfig {
  readonly queues: readonly ResolvedQueueConfig[];
  readonly schedules: readonly ResolvedScheduleConfig[];
  readonly api: Required<ApiConfig>;
  readonly tracing: boolean;
  readonly alarmEmail?: string | undefined;
  readonly removalPolicy: RemovalPolicyChoice;
  /** Absolute path of the configuration file it was read from. */
  readonly source: string;
}

/** Identity helper that gives a config file type checking. */
export const defineConfig = (config: FifoqConfig): FifoqConfig => config;

/**
 * The scope of SQS's deduplication, which the idempotency key follows: `messageGroup` with high throughput
 * (SQS deduplicates per message group), else `queue`.
 */
export type DedupScope = "messageGroup" | "queue";

export const dedupScopeOf = (highThroughput: boolean): DedupScope =>
  highThroughput ? "messageGroup" : "queue";
