import { QUEUE_NAME_PATTERN } from "../core/config/defaults";
import { type Env, EnvRefusal, readEnv, required } from "../core/env/read-env";
import { anyText, endpointVar, logLevelVar } from "../core/env/variables";
import { ENV } from "../core/env-names";
import { isHttpUrl } from "../core/http-url";
import type { LogLevel } from "../core/logging/logger";
import type { QueueEndpoint, QueueRegistry } from "./deps";

/** What the API Lambda reads from its environment, checked. */
export interface ApiEnv {
  readonly queues: QueueRegistry;
  readonly deadLetterTable: string;
  readonly sqsEndpoint: string | undefined;
  readonly dynamoDbEndpoint: string | undefined;
  readonly logLevel: LogLevel;
}

/** One queue's entry, checked, or its first problem. */
const endpointOf = (name: string, raw: unknown): QueueEndpoint | string => {
  if (!QUEUE_NAME_PATTERN.test(name)) return "the name must be 1 to 64 characters of a-z, 0-9 and '-'";
  if (typeof raw !== "object" || raw === null)
    return 'must be an object { "url", "dlqUrl", "contentBasedDeduplication" }';
  const { url, dlqUrl, contentBasedDeduplication } = raw as Record<string, unknown>;
  if (!isHttpUrl(url)) return `url must be the queue's http(s) URL; got ${JSON.stringify(url)}`;
  if (!isHttpUrl(dlqUrl))
    return `dlqUrl must be the dead-letter queue's http(s) URL; got ${JSON.stringify(dlqUrl)}`;
  if (typeof contentBasedDeduplication !== "boolean")
    return `contentBasedDeduplication must be true or false; got ${JSON.stringify(contentBasedDeduplication)}`;
  return { url, dlqUrl, contentBasedDeduplication };
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch (cause) {
    return new EnvRefusal(`not valid JSON: ${(cause as Error).message}`);
  }
};

const parseQueues = (text: string): QueueRegistry | EnvRefusal => {
  const parsed = parseJson(text);
  if (parsed instanceof EnvRefusal) return parsed;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    return new EnvRefusal("not a JSON object");
  const entries = Object.entries(parsed);
  if (entries.length === 0) return new EnvRefusal("no queue");
  const registry: Record<string, QueueEndpoint> = Object.create(null);
  for (const [name, raw] of entries) {
    const endpoint = endpointOf(name, raw);
    if (typeof endpoint === "string") return new EnvRefusal(`queue "${name}": ${endpoint}`);
    registry[name] = endpoint;
  }
  return registry;
};

const SCHEMA = {
  queues: required(
    ENV.queues,
    'a non-empty JSON object { "<queue>": { "url", "dlqUrl", "contentBasedDeduplication" } }',
    parseQueues,
  ),
  deadLetterTable: required(ENV.deadLetterTable, "the dead-letter table name", anyText),
  sqsEndpoint: endpointVar(ENV.sqsEndpoint),
  dynamoDbEndpoint: endpointVar(ENV.dynamoDbEndpoint),
  logLevel: logLevelVar,
};

/** Reads and checks the API Lambda's environment; one `InvalidEnvError` names every problem. */
export const parseApiEnv = (env: Env): ApiEnv => readEnv("API", env, SCHEMA);
