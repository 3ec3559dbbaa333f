import { QUEUE_NAME_PATTERN } from "../core/config/defaults";
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
}

type Env = Readonly<Record<string, string | undefined>>;

const queueEndpoint = (name: string, raw: unknown): QueueEndpoint => {
  const fail = (problem: string) => new InvalidEnvironmentError(ENV.queues, `queue "${name}": ${problem}`);
  if (!QUEUE_NAME_PATTERN.test(name)) throw fail("the name must be 1 to 64 characters of a-z, 0-9 and '-'");
  if (typeof raw !== "object" || raw === null)
    throw fail('must be an object { "url", "dlqUrl", "contentBasedDeduplication" }');
  const { url, dlqUrl, contentBasedDeduplication } = raw as Record<string, unknown>;
  if (!isHttpUrl(url)) throw fail(`url must be the queue's http(s) URL; got ${JSON.stringify(url)}`);
  if (!isHttpUrl(dlqUrl))
    throw fail(`dlqUrl must be the dead-letter queue's http(s) URL; got ${JSON.stringify(dlqUrl)}`);
  if (typeof contentBasedDeduplication !== "boolean") {
    throw fail(
      `contentBasedDeduplication must be true or false; got ${JSON.stringify(contentBasedDeduplication)}`,
    );
  }
  return { url, dlqUrl, contentBasedDeduplication };
};

const parseQueues = (text: string | undefined): QueueRegistry => {
  if (!text)
    throw new InvalidEnvironmentError(
      ENV.queues,
      'is not set; it must be JSON { "<queue>": { "url", ... } }',
    );
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
    throw new InvalidEnvironmentError(
      ENV.queues,
      'must be a non-empty JSON object { "<queue>": { "url", ... } }',
    );
  }
  return Object.fromEntries(Object.entries(parsed).map(([name, raw]) => [name, queueEndpoint(name, raw)]));
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
    queues: parseQueues(env[ENV.queues]),
    deadLetterTable,
    sqsEndpoint: optionalUrl(env, ENV.sqsEndpoint),
    dynamoDbEndpoint: optionalUrl(env, ENV.dynamoDbEndpoint),
    logLevel: logLevel(env[ENV.logLevel]),
  };
};
