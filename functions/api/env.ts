import { API_AUTHS, API_DEFAULTS, QUEUE_NAME_PATTERN } from "../core/config/defaults";
import { isStackName, queueNames } from "../core/config/physical-names";
import type { ApiAuth } from "../core/config/types";
import { ENV } from "../core/env-names";
import { isHttpUrl } from "../core/http-url";
import { LOG_LEVELS, type LogLevel, parseLogLevel } from "../core/logging/logger";
import type { QueueEndpoint, QueueRegistry } from "./deps";
import { InvalidEnvironmentError } from "./errors";

/** What the API Lambda reads from its environment, checked. */
export interface ApiEnv {
  readonly queues: QueueRegistry;
  readonly deadLetterTable: string;
  readonly sqsEndpoint: string | undefined;
  readonly dynamoDbEndpoint: string | undefined;
  readonly logLevel: LogLevel;
  /** The `stack` dimension of the API's metrics; unset, no metrics are written. */
  readonly stackName: string | undefined;
  /** With `iam`, API Gateway's IAM policies decide who may call which route. @default "apiKey" */
  readonly auth: ApiAuth;
}

type Env = Readonly<Record<string, string | undefined>>;

/** One queue of the bundled catalog: its dedup mode; its URLs follow from the prefix and its name. */
const queueEndpoint = (name: string, raw: unknown, urlPrefix: string): QueueEndpoint => {
  const fail = (problem: string) => new InvalidEnvironmentError(ENV.queues, `queue "${name}": ${problem}`);
  if (!QUEUE_NAME_PATTERN.test(name)) throw fail("the name must be 1 to 64 characters of a-z, 0-9 and '-'");
  if (typeof raw !== "object" || raw === null)
    throw fail('must be an object { "contentBasedDeduplication" }');
  const { contentBasedDeduplication } = raw as Record<string, unknown>;
  if (typeof contentBasedDeduplication !== "boolean") {
    throw fail(
      `contentBasedDeduplication must be true or false; got ${JSON.stringify(contentBasedDeduplication)}`,
    );
  }
  const { queue, deadLetterQueue } = queueNames(name);
  return { url: `${urlPrefix}${queue}`, dlqUrl: `${urlPrefix}${deadLetterQueue}`, contentBasedDeduplication };
};

const parseQueues = (text: string | undefined, urlPrefix: string): QueueRegistry => {
  const shape = '{ "<queue>": { "contentBasedDeduplication": true|false } }';
  if (!text) throw new InvalidEnvironmentError(ENV.queues, `is not set; it must be JSON ${shape}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new InvalidEnvironmentError(ENV.queues, `is not valid JSON: ${(cause as Error).message}`, {
      cause,
    });
  }
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    Array.isArray(parsed) ||
    Object.keys(parsed).length === 0
  ) {
    throw new InvalidEnvironmentError(ENV.queues, `must be a non-empty JSON object ${shape}`);
  }
  return Object.fromEntries(
    Object.entries(parsed).map(([name, raw]) => [name, queueEndpoint(name, raw, urlPrefix)]),
  );
};

const urlPrefix = (value: string | undefined): string => {
  if (!isHttpUrl(value)) {
    throw new InvalidEnvironmentError(
      ENV.queueUrlPrefix,
      `must be what every queue URL starts with, e.g. "https://sqs.eu-west-1.amazonaws.com/123456789012/Fifoq-"; got ${JSON.stringify(value)}`,
    );
  }
  return value;
};

const stackName = (value: string | undefined): string | undefined => {
  if (value === undefined || value === "") return undefined;
  if (!isStackName(value))
    throw new InvalidEnvironmentError(ENV.stackName, `must be a CloudFormation stack name; got "${value}"`);
  return value;
};

const auth = (value: string | undefined): ApiAuth => {
  if (value === undefined || value === "") return API_DEFAULTS.auth;
  const found = API_AUTHS.find((candidate) => candidate === value);
  if (!found)
    throw new InvalidEnvironmentError(ENV.apiAuth, `must be one of ${API_AUTHS.join(", ")}; got "${value}"`);
  return found;
};

const optionalUrl = (env: Env, variable: string): string | undefined => {
  const value = env[variable];
  if (value === undefined || value === "") return undefined;
  if (!isHttpUrl(value))
    throw new InvalidEnvironmentError(variable, `must be an http(s) URL; got "${value}"`);
  return value;
};

const logLevel = (value: string | undefined): LogLevel => {
  if (value === undefined || value === "") return "info";
  const level = parseLogLevel(value.toLowerCase());
  if (!level)
    throw new InvalidEnvironmentError(
      ENV.logLevel,
      `must be one of ${LOG_LEVELS.join(", ")}; got "${value}"`,
    );
  return level;
};

/** Reads and checks the API Lambda's environment; the first problem throws, naming the variable. */
export const parseApiEnv = (env: Env): ApiEnv => {
  const deadLetterTable = env[ENV.deadLetterTable];
  if (!deadLetterTable)
    throw new InvalidEnvironmentError(ENV.deadLetterTable, "is not set; it must name the dead-letter table");
  return {
    queues: parseQueues(env[ENV.queues], urlPrefix(env[ENV.queueUrlPrefix])),
    deadLetterTable,
    sqsEndpoint: optionalUrl(env, ENV.sqsEndpoint),
    dynamoDbEndpoint: optionalUrl(env, ENV.dynamoDbEndpoint),
    logLevel: logLevel(env[ENV.logLevel]),
    stackName: stackName(env[ENV.stackName]),
    auth: auth(env[ENV.apiAuth]),
  };
};
