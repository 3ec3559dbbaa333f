import { QUEUE_NAME_PATTERN, STACK_NAME_PATTERN } from "../core/config/defaults";
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
  readonly sqsEndpoint: string | undefined;
  readonly dynamoDbEndpoint: string | undefined;
  readonly logLevel: LogLevel;
  /** The `stack` dimension of the consumer's metrics; unset, no metrics are written. */
  readonly stackName: string | undefined;
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
  const stackName = read.optional(
    ENV.stackName,
    (v) => STACK_NAME_PATTERN.test(v),
    "a CloudFormation stack name",
  );
  if (problems.length > 0 || !queue || !dlqUrl || window === undefined)
    throw new InvalidConsumerEnvError(problems);
  return {
    queue,
    dlqUrl,
    idempotencyWindowSeconds: Number(window),
    idempotencyTable: table,
    sqsEndpoint,
    dynamoDbEndpoint,
    logLevel: (level ? parseLogLevel(level) : undefined) ?? "info",
    stackName,
  };
};
