import { isAbsolute, resolve } from "node:path";
import {
  API_AUTHS,
  API_DEFAULTS,
  EMAIL_PATTERN,
  LIMITS,
  QUEUE_DEFAULTS,
  QUEUE_NAME_PATTERN,
  VISIBILITY_TO_TIMEOUT_RATIO,
} from "./defaults";
import { declaredEffectTables, effectTables } from "./effect-tables";
import { InvalidConfigValueError } from "./errors";
import { checkRetryPolicy, type RetryContext } from "./retry-limits";
import { resolveSchedules } from "./schedules";
import type {
  ApiAuth,
  ApiConfig,
  FifoqConfig,
  QueueConfig,
  RemovalPolicyChoice,
  ResolvedConfig,
  ResolvedQueueConfig,
  RetryPolicy,
} from "./types";

type Limited = keyof typeof LIMITS;

const integerIn = (queue: string, field: Limited, value: unknown): number => {
  const [min, max] = LIMITS[field];
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidConfigValueError(queue, field, value, `an integer from ${min} to ${max}`);
  }
  return value;
};

const booleanValue = (queue: string, field: string, value: unknown): boolean => {
  if (typeof value !== "boolean") throw new InvalidConfigValueError(queue, field, value, "true or false");
  return value;
};

const queueName = (raw: QueueConfig, index: number): string => {
  const name: unknown = raw?.name;
  if (typeof name !== "string" || !QUEUE_NAME_PATTERN.test(name)) {
    const label = typeof name === "string" ? name : `#${index}`;
    throw new InvalidConfigValueError(label, "name", name, "1 to 64 characters of a-z, 0-9 and '-'");
  }
  return name;
};

const idempotencyWindow = (queue: string, value: unknown): number => {
  if (value === false) return 0;
  return integerIn(queue, "idempotencyWindowSeconds", value);
};

const visibilityTimeout = (queue: string, raw: unknown, functionTimeout: number): number => {
  const minimum = VISIBILITY_TO_TIMEOUT_RATIO * functionTimeout;
  const value = raw ?? Math.min(minimum, LIMITS.visibilityTimeoutSeconds[1]);
  const checked = integerIn(queue, "visibilityTimeoutSeconds", value);
  if (checked < minimum) {
    throw new InvalidConfigValueError(
      queue,
      "visibilityTimeoutSeconds",
      checked,
      `at least ${VISIBILITY_TO_TIMEOUT_RATIO} × functionTimeoutSeconds (${functionTimeout}) = ${minimum}`,
    );
  }
  return checked;
};

const RETRY_FIELDS: readonly string[] = ["minSeconds", "maxSeconds"];

/** `retry`: `false`, or `{ minSeconds?, maxSeconds? }` checked by `checkRetryPolicy` (each field defaults). */
const retryPolicy = (queue: string, raw: unknown, context: RetryContext): RetryPolicy | false => {
  if (raw === false) return false;
  const isObject = typeof raw === "object" && raw !== null && !Array.isArray(raw);
  if (raw !== undefined && !isObject) {
    throw new InvalidConfigValueError(queue, "retry", raw, "false or { minSeconds, maxSeconds }");
  }
  const given: Record<string, unknown> = isObject ? { ...raw } : {};
  const unknown = Object.keys(given).find((key) => !RETRY_FIELDS.includes(key));
  if (unknown !== undefined) {
    throw new InvalidConfigValueError(
      queue,
      `retry.${unknown}`,
      given[unknown],
      "only minSeconds and maxSeconds",
    );
  }
  const minSeconds = given.minSeconds ?? QUEUE_DEFAULTS.retry.minSeconds;
  const maxSeconds =
    given.maxSeconds ??
    (typeof minSeconds === "number" ? Math.max(QUEUE_DEFAULTS.retry.maxSeconds, minSeconds) : undefined);
  const checked = checkRetryPolicy({ minSeconds, maxSeconds }, context);
  if (checked.ok) return checked.policy;
  const { field, value, allowed } = checked.problem;
  throw new InvalidConfigValueError(queue, `retry.${field}`, value, allowed);
};

const handlerPath = (queue: string, value: unknown, baseDir: string): string => {
  if (typeof value !== "string" || value.trim() === "") {
    throw new InvalidConfigValueError(
      queue,
      "handler",
      value,
      "a path to the consumer module, e.g. consumers/orders.ts",
    );
  }
  return isAbsolute(value) ? value : resolve(baseDir, value);
};

/** Checks one queue and fills in its defaults. */
export const resolveQueue = (raw: QueueConfig, index: number, baseDir: string): ResolvedQueueConfig => {
  const name = queueName(raw, index);
  const functionTimeoutSeconds = integerIn(
    name,
    "functionTimeoutSeconds",
    raw.functionTimeoutSeconds ?? QUEUE_DEFAULTS.functionTimeoutSeconds,
  );
  const idempotencyWindowSeconds = idempotencyWindow(
    name,
    raw.idempotencyWindowSeconds ?? QUEUE_DEFAULTS.idempotencyWindowSeconds,
  );
  const queue = {
    name,
    fifoName: `${name}.fifo`,
    dlqFifoName: `${name}-dlq.fifo`,
    handlerPath: handlerPath(name, raw.handler, baseDir),
    batchSize: integerIn(name, "batchSize", raw.batchSize ?? QUEUE_DEFAULTS.batchSize),
    maxConcurrency: integerIn(name, "maxConcurrency", raw.maxConcurrency ?? QUEUE_DEFAULTS.maxConcurrency),
    maxReceiveCount: integerIn(
      name,
      "maxReceiveCount",
      raw.maxReceiveCount ?? QUEUE_DEFAULTS.maxReceiveCount,
    ),
    functionTimeoutSeconds,
    memorySizeMb: integerIn(name, "memorySizeMb", raw.memorySizeMb ?? QUEUE_DEFAULTS.memorySizeMb),
    visibilityTimeoutSeconds: visibilityTimeout(name, raw.visibilityTimeoutSeconds, functionTimeoutSeconds),
    retentionSeconds: integerIn(
      name,
      "retentionSeconds",
      raw.retentionSeconds ?? QUEUE_DEFAULTS.retentionSeconds,
    ),
    contentBasedDeduplication: booleanValue(
      name,
      "contentBasedDeduplication",
      raw.contentBasedDeduplication ?? QUEUE_DEFAULTS.contentBasedDeduplication,
    ),
    highThroughput: booleanValue(name, "highThroughput", raw.highThroughput ?? QUEUE_DEFAULTS.highThroughput),
    idempotencyWindowSeconds,
    commitIntervalMs: integerIn(
      name,
      "commitIntervalMs",
      raw.commitIntervalMs ?? QUEUE_DEFAULTS.commitIntervalMs,
    ),
    effectTables: effectTables(name, raw.effectTables, idempotencyWindowSeconds),
  };
  return { ...queue, retry: retryPolicy(name, raw.retry, queue) };
};

const apiAuth = (value: unknown): ApiAuth => {
  if (API_AUTHS.some((auth) => auth === value)) return value as ApiAuth;
  throw new InvalidConfigValueError(
    "(api)",
    "auth",
    value,
    `one of ${API_AUTHS.map((a) => `"${a}"`).join(", ")}`,
  );
};

const resolveApi = (api: ApiConfig | undefined): Required<ApiConfig> => ({
  auth: apiAuth(api?.auth ?? API_DEFAULTS.auth),
  rateLimit: integerIn("(api)", "rateLimit", api?.rateLimit ?? API_DEFAULTS.rateLimit),
  burstLimit: integerIn("(api)", "burstLimit", api?.burstLimit ?? API_DEFAULTS.burstLimit),
});

const removalPolicy = (value: unknown): RemovalPolicyChoice => {
  if (value === undefined || value === "retain" || value === "destroy") return value ?? "retain";
  throw new InvalidConfigValueError(
    "(config)",
    "removalPolicy",
    value,
    '"retain" (the default) or "destroy"',
  );
};

/** The message naming a wrong alarm email, or undefined when it looks like one address. */
export const alarmEmailProblem = (email: string): string | undefined =>
  EMAIL_PATTERN.test(email)
    ? undefined
    : `alarmEmail = ${JSON.stringify(email)} is not allowed; give one email address, e.g. ops@example.com`;

const alarmEmail = (value: unknown): string | undefined => {
  if (value === undefined) return undefined;
  const problem = typeof value === "string" ? alarmEmailProblem(value.trim()) : "not a string";
  if (problem) throw new InvalidConfigValueError("(config)", "alarmEmail", value, "one email address");
  return (value as string).trim();
};

/**
 * Validates a whole configuration. Every error names the queue, the field, the value and what is allowed.
 * @param baseDir directory that relative handler paths are resolved against (the config file's directory)
 */
export const resolveConfig = (config: FifoqConfig, baseDir: string, source: string): ResolvedConfig => {
  if (!config || !Array.isArray(config.queues) || config.queues.length === 0) {
    throw new InvalidConfigValueError("(config)", "queues", config?.queues, "a non-empty array of queues");
  }
  const queues = config.queues.map((queue, index) => resolveQueue(queue, index, baseDir));
  const seen = new Set<string>();
  for (const queue of queues) {
    if (seen.has(queue.name)) {
      throw new InvalidConfigValueError(queue.name, "name", queue.name, "each queue name only once");
    }
    seen.add(queue.name);
  }
  declaredEffectTables(queues);
  return {
    queues,
    schedules: resolveSchedules(
      config.schedules,
      queues.map((queue) => queue.name),
    ),
    api: resolveApi(config.api),
    tracing: booleanValue("(config)", "tracing", config.tracing ?? false),
    alarmEmail: alarmEmail(config.alarmEmail),
    removalPolicy: removalPolicy(config.removalPolicy),
    source,
  };
};
