import { MAX_COMMIT_INTERVAL_MS, QUEUE_NAME_PATTERN, TABLE_NAME_PATTERN } from "../core/config/defaults";
import type { DedupScope } from "../core/config/types";
import { ENV } from "../core/env-names";
import { isHttpUrl } from "../core/http-url";
import { LOG_LEVELS, type LogLevel, parseLogLevel } from "../core/logging/logger";
import { InvalidConsumerEnvError } from "./errors";

/** The consumer function's settings, read once from its environment. */
export interface ConsumerEnv {
  readonly queue: string;
  readonly dlqUrl: string;
  /** 0 turns idempotency off. */
  readonly idempotencyWindowSeconds: number;
  /**
   * Required when the window is above 0, read whenever set (the CDK stack always sets it: the table also holds
   * the failure log).
   */
  readonly idempotencyTable: string | undefined;
  readonly dedupScope: DedupScope;
  /** @default 1000 */
  readonly commitIntervalMs: number | undefined;
  readonly effectTables: readonly string[];
  readonly sqsEndpoint: string | undefined;
  readonly dynamoDbEndpoint: string | undefined;
  readonly logLevel: LogLevel;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Collects problems instead of stopping at the first, so one deploy shows every mistake. */
const reader = (env: Env, problems: string[]) => {
  const check = (name: string, valid: (value: string) => boolean, expected: string, required: boolean) => {
    const value = env[name]?.trim() || undefined;
    if (value === undefined) {
      if (required) problems.push(`${name} is not set; expected ${expected}`);
      return undefined;
    }
    if (valid(value)) return value;
    problems.push(`${name} = ${JSON.stringify(value)} is not allowed; expected ${expected}`);
    return undefined;
  };
  return {
    required: (name: string, valid: (value: string) => boolean, expected: string) =>
      check(name, valid, expected, true),
    optional: (name: string, valid: (value: string) => boolean, expected: string) =>
      check(name, valid, expected, false),
  };
};

const isWindow = (value: string): boolean => /^\d+$/.test(value) && Number.isSafeInteger(Number(value));

const isInterval = (value: string): boolean => isWindow(value) && Number(value) <= MAX_COMMIT_INTERVAL_MS;

const isDedupScope = (value: string): value is DedupScope => value === "messageGroup" || value === "queue";

const tableList = (value: string | undefined): string[] => (value ? value.split(",") : []);

/**
 * Reads and checks the consumer's environment (names in `core/env-names.ts`). Throws one
 * `InvalidConsumerEnvError` naming every variable that is missing or wrong, its value and what is allowed.
 */
export const readConsumerEnv = (env: Env): ConsumerEnv => {
  const problems: string[] = [];
  const read = reader(env, problems);
  const queue = read.required(
    ENV.queueName,
    (v) => QUEUE_NAME_PATTERN.test(v),
    "a queue name of [a-z0-9-]{1,64}",
  );
  const dlqUrl = read.required(ENV.dlqUrl, isHttpUrl, "the http(s) URL of the dead-letter queue");
  const window = read.required(ENV.idempotencyWindowSeconds, isWindow, "whole seconds, 0 for off");
  const tableNeeded = window !== undefined && Number(window) > 0;
  const check = tableNeeded ? read.required : read.optional;
  const table = check(ENV.idempotencyTable, () => true, "the idempotency table name (the window is above 0)");
  const scope = read.required(ENV.dedupScope, isDedupScope, "messageGroup or queue");
  const interval = read.optional(
    ENV.commitIntervalMs,
    isInterval,
    `whole milliseconds up to ${MAX_COMMIT_INTERVAL_MS}`,
  );
  const tables = read.optional(
    ENV.effectTables,
    (v) => tableList(v).every((name) => TABLE_NAME_PATTERN.test(name)),
    "comma-separated DynamoDB table names",
  );
  const sqsEndpoint = read.optional(ENV.sqsEndpoint, isHttpUrl, "an http(s) URL");
  const dynamoDbEndpoint = read.optional(ENV.dynamoDbEndpoint, isHttpUrl, "an http(s) URL");
  const level = read.optional(ENV.logLevel, (v) => parseLogLevel(v) !== undefined, LOG_LEVELS.join(", "));
  if (problems.length > 0 || !queue || !dlqUrl || window === undefined || !scope || !isDedupScope(scope))
    throw new InvalidConsumerEnvError(problems);
  return {
    queue,
    dlqUrl,
    idempotencyWindowSeconds: Number(window),
    idempotencyTable: table,
    dedupScope: scope,
    commitIntervalMs: interval === undefined ? undefined : Number(interval),
    effectTables: tableList(tables),
    sqsEndpoint,
    dynamoDbEndpoint,
    logLevel: (level ? parseLogLevel(level) : undefined) ?? "info",
  };
};
