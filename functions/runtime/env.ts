import { QUEUE_NAME_PATTERN } from "../core/config/defaults";
import type { RetryPolicy } from "../core/config/types";
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
  /** The queue's own URL; required when retry backoff is on (it sets the visibility of failed records). */
  readonly queueUrl: string | undefined;
  /**
   * `FIFOQ_RETRY_MIN_SECONDS` and `FIFOQ_RETRY_MAX_SECONDS`, set together (the CDK stack sets both unless the
   * queue has `retry: false`); neither set: `false`, failed records wait the visibility timeout.
   */
  readonly retry: RetryPolicy | false;
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

const isPositiveSeconds = (value: string): boolean => isWindow(value) && Number(value) >= 1;

type Reader = ReturnType<typeof reader>;

/** The retry policy and, when it is on, the queue URL it needs (the config and the construct checked the ranges). */
const readRetry = (env: Env, read: Reader, problems: string[]) => {
  const names = [ENV.retryMinSeconds, ENV.retryMaxSeconds];
  const [min, max] = names.map((name) => read.optional(name, isPositiveSeconds, "whole seconds, at least 1"));
  const unset = names.filter((name) => !env[name]?.trim());
  if (unset.length === 1) problems.push(`${unset[0]} is not set; expected both retry variables or neither`);
  const on = unset.length < names.length;
  const queueUrl = (on ? read.required : read.optional)(
    ENV.queueUrl,
    isHttpUrl,
    "the http(s) URL of the queue",
  );
  const retry: RetryPolicy | false =
    min && max ? { minSeconds: Number(min), maxSeconds: Number(max) } : false;
  return { queueUrl, retry };
};

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
  const sqsEndpoint = read.optional(ENV.sqsEndpoint, isHttpUrl, "an http(s) URL");
  const dynamoDbEndpoint = read.optional(ENV.dynamoDbEndpoint, isHttpUrl, "an http(s) URL");
  const level = read.optional(ENV.logLevel, (v) => parseLogLevel(v) !== undefined, LOG_LEVELS.join(", "));
  const { queueUrl, retry } = readRetry(env, read, problems);
  if (problems.length > 0 || !queue || !dlqUrl || window === undefined)
    throw new InvalidConsumerEnvError(problems);
  return {
    queue,
    dlqUrl,
    idempotencyWindowSeconds: Number(window),
    idempotencyTable: table,
    queueUrl,
    retry,
    sqsEndpoint,
    dynamoDbEndpoint,
    logLevel: (level ? parseLogLevel(level) : undefined) ?? "info",
  };
};
