import { MAX_COMMIT_INTERVAL_MS, TABLE_NAME_PATTERN } from "../core/config/defaults";
import type { DedupScope, RetryPolicy } from "../core/config/types";
import { type Env, optional, readEnv, required, requiredWhen } from "../core/env/read-env";
import {
  anyText,
  type FunctionEnv,
  functionVars,
  httpUrl,
  QUEUE_NAME_EXPECTED,
  queueName,
} from "../core/env/variables";
import { CONSUMER_ENV } from "../core/env-names";

/** The consumer function's settings, read once from its environment. */
export interface ConsumerEnv extends FunctionEnv {
  readonly queue: string;
  readonly dlqUrl: string;
  /** 0 turns idempotency off. */
  readonly idempotencyWindowSeconds: number;
  /**
   * Required when the window is above 0, read whenever set (the CDK stack always sets it: the table also holds
   * the failure log).
   */
  readonly idempotencyTable: string | undefined;
  /** The queue's deduplication scope, which the idempotency key follows. */
  readonly dedupScope: DedupScope;
  /** @default 1000 */
  readonly commitIntervalMs: number | undefined;
  /** Tables `context.transaction` may stage writes on: configured name to name in DynamoDB. */
  readonly effectTables: Readonly<Record<string, string>>;
  /** The queue's own URL; required when retry backoff is on (it sets the visibility of failed records). */
  readonly queueUrl: string | undefined;
  /**
   * `FIFOQ_RETRY_MIN_SECONDS` and `FIFOQ_RETRY_MAX_SECONDS`, set together (the CDK stack sets both unless the
   * queue has `retry: false`); neither set: `false`, failed records wait the visibility timeout.
   */
  readonly retry: RetryPolicy | false;
}

const windowSeconds = (text: string): number | undefined =>
  /^\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : undefined;

const windowIsOn = (env: Env): boolean =>
  (windowSeconds(env[CONSUMER_ENV.idempotencyWindowSeconds]?.trim() ?? "") ?? 0) > 0;

const isSet =
  (name: string) =>
  (env: Env): boolean =>
    Boolean(env[name]?.trim());

const retryIsOn = (env: Env): boolean =>
  isSet(CONSUMER_ENV.retryMinSeconds)(env) || isSet(CONSUMER_ENV.retryMaxSeconds)(env);

const RETRY_EXPECTED = "whole seconds, at least 1, with both retry variables set or neither";

const seconds = (text: string): number | undefined => {
  const value = windowSeconds(text);
  return value !== undefined && value >= 1 ? value : undefined;
};

const dedupScope = (text: string): DedupScope | undefined =>
  text === "messageGroup" || text === "queue" ? text : undefined;

const commitInterval = (text: string): number | undefined => {
  const value = windowSeconds(text);
  return value !== undefined && value <= MAX_COMMIT_INTERVAL_MS ? value : undefined;
};

/** `name=physical` pairs (a bare `name` is its own physical name), as `effectTablesVariable` writes them. */
const tableNames = (text: string): Record<string, string> | undefined => {
  const names: Record<string, string> = Object.create(null);
  for (const entry of text.split(",")) {
    const [name = "", physical = name, ...rest] = entry.split("=");
    if (rest.length > 0 || !TABLE_NAME_PATTERN.test(name) || !TABLE_NAME_PATTERN.test(physical))
      return undefined;
    names[name] = physical;
  }
  return names;
};

const SCHEMA = {
  queue: required(CONSUMER_ENV.queueName, QUEUE_NAME_EXPECTED, queueName),
  dlqUrl: required(CONSUMER_ENV.dlqUrl, "the http(s) URL of the dead-letter queue", httpUrl),
  idempotencyWindowSeconds: required(
    CONSUMER_ENV.idempotencyWindowSeconds,
    "whole seconds, 0 for off",
    windowSeconds,
  ),
  idempotencyTable: requiredWhen(
    windowIsOn,
    CONSUMER_ENV.idempotencyTable,
    "the idempotency table name (the window is above 0)",
    anyText,
  ),
  dedupScope: required(CONSUMER_ENV.dedupScope, "messageGroup or queue", dedupScope),
  commitIntervalMs: optional(
    CONSUMER_ENV.commitIntervalMs,
    `whole milliseconds up to ${MAX_COMMIT_INTERVAL_MS}`,
    commitInterval,
  ),
  effectTables: optional(
    CONSUMER_ENV.effectTables,
    "comma-separated name=table pairs (DynamoDB table names)",
    tableNames,
    Object.create(null) as Record<string, string>,
  ),
  // Retry backoff: both bounds or neither (neither: failed records wait the visibility timeout); when it is
  // on, the queue's URL (its records' visibility is changed). The config and the construct checked the ranges.
  retryMinSeconds: requiredWhen(
    isSet(CONSUMER_ENV.retryMaxSeconds),
    CONSUMER_ENV.retryMinSeconds,
    RETRY_EXPECTED,
    seconds,
  ),
  retryMaxSeconds: requiredWhen(
    isSet(CONSUMER_ENV.retryMinSeconds),
    CONSUMER_ENV.retryMaxSeconds,
    RETRY_EXPECTED,
    seconds,
  ),
  queueUrl: requiredWhen(retryIsOn, CONSUMER_ENV.queueUrl, "the http(s) URL of the queue", httpUrl),
  ...functionVars,
};

/**
 * Reads and checks the consumer's environment (names in `core/env-names.ts`). Throws one `InvalidEnvError`
 * naming every variable that is missing or wrong, its value and what is allowed.
 */
export const readConsumerEnv = (env: Env): ConsumerEnv => {
  const { retryMinSeconds, retryMaxSeconds, ...settings } = readEnv("consumer", env, SCHEMA);
  const retry: RetryPolicy | false =
    retryMinSeconds !== undefined && retryMaxSeconds !== undefined
      ? { minSeconds: retryMinSeconds, maxSeconds: retryMaxSeconds }
      : false;
  return { ...settings, retry };
};
