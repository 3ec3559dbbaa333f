export const QUEUE_DEFAULTS = {
  batchSize: 10,
  maxConcurrency: 10,
  maxReceiveCount: 5,
  functionTimeoutSeconds: 30,
  memorySizeMb: 256,
  retentionSeconds: 4 * 24 * 3600,
  contentBasedDeduplication: false,
  highThroughput: true,
  idempotencyWindowSeconds: 24 * 3600,
  commitIntervalMs: 1000,
  retry: { minSeconds: 1, maxSeconds: 300 },
} as const;

export const API_DEFAULTS = { auth: "apiKey", rateLimit: 100, burstLimit: 200 } as const;

export const API_AUTHS = ["apiKey", "iam"] as const;

/** The longest commit interval, ms (a record's exposure to a crash is at most this plus one write). */
export const MAX_COMMIT_INTERVAL_MS = 60_000;

/** SQS and Lambda limits the configuration is checked against. */
export const LIMITS = {
  batchSize: [1, 10],
  maxConcurrency: [2, 1000],
  maxReceiveCount: [1, 1000],
  functionTimeoutSeconds: [1, 900],
  memorySizeMb: [128, 10240],
  visibilityTimeoutSeconds: [0, 43200],
  retentionSeconds: [60, 1209600],
  idempotencyWindowSeconds: [60, 2592000],
  commitIntervalMs: [0, MAX_COMMIT_INTERVAL_MS],
  rateLimit: [1, 10000],
  burstLimit: [1, 5000],
} as const satisfies Record<string, readonly [number, number]>;

/** Visibility timeout must be at least this many times the function timeout (AWS guidance for SQS event sources). */
export const VISIBILITY_TO_TIMEOUT_RATIO = 6;

export const QUEUE_NAME_PATTERN = /^[a-z0-9-]{1,64}$/;

/** CloudFormation's rule for stack names: a letter, then letters, digits and hyphens, 128 at most. */
export const STACK_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

/** A deliberately loose check: SNS refuses what is not an address; this catches typos before a deploy. */
export const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** DynamoDB's rule for table names. */
export const TABLE_NAME_PATTERN = /^[a-zA-Z0-9_.-]{3,255}$/;
