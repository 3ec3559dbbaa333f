import { API_AUTHS, API_DEFAULTS, QUEUE_NAME_PATTERN } from "../core/config/defaults";
import { queueNames } from "../core/config/physical-names";
import type { ApiAuth, DedupScope } from "../core/config/types";
import { type Env, EnvRefusal, optional, readEnv, required, valuesOf } from "../core/env/read-env";
import { anyText, type FunctionEnv, functionVars, httpUrl } from "../core/env/variables";
import { ENV } from "../core/env-names";
import { TIME_VARS, type TimeEnv, timeEnvOf } from "../release/time-env";
import type { QueueEndpoint, QueueRegistry } from "./deps";
import { SCHEDULES_VARS, type SchedulesEnv, schedulesEnvOf } from "./schedules-env";

/** What the API Lambda reads from its environment, checked. */
export interface ApiEnv extends FunctionEnv {
  readonly queues: QueueRegistry;
  readonly deadLetterTable: string;
  /** With `iam`, API Gateway's IAM policies decide who may call which route. @default "apiKey" */
  readonly auth: ApiAuth;
  /** Unset when the gateway alone authorizes (no API keys, or IAM). */
  readonly operatorKeyId: string | undefined;
  /** The consumers' idempotency records (the status route reads them); unset: the route does without. */
  readonly idempotencyTable: string | undefined;
  /** Delayed messages (unset: a publish with a delay is refused). */
  readonly time: TimeEnv | undefined;
  /** Recurring schedules: the configured ones, and Scheduler for the API-managed ones. */
  readonly schedules: SchedulesEnv;
}

/** The bundled queue list: each queue's dedup mode and idempotency, by name (its URLs follow from the prefix). */
type Catalog = Readonly<Record<string, CatalogEntry>>;

type CatalogEntry = Pick<QueueEndpoint, "contentBasedDeduplication" | "idempotency">;

const DEDUP_SCOPES: readonly DedupScope[] = ["messageGroup", "queue"];

/** The optional idempotency fields: both or neither (a list written before fifoq kept them has neither). */
const idempotencyOf = (raw: Record<string, unknown>): QueueEndpoint["idempotency"] | string => {
  const { dedupScope, idempotencyWindowSeconds: window } = raw;
  if (dedupScope === undefined && window === undefined) return undefined;
  const scope = DEDUP_SCOPES.find((known) => known === dedupScope);
  if (!scope)
    return `dedupScope must be one of ${DEDUP_SCOPES.join(", ")}; got ${JSON.stringify(dedupScope)}`;
  if (typeof window !== "number" || !Number.isSafeInteger(window) || window < 0)
    return `idempotencyWindowSeconds must be a whole number of seconds (0: off); got ${JSON.stringify(window)}`;
  return { scope, windowSeconds: window };
};

/** One queue's entry, checked, or its first problem. */
const entryOf = (name: string, raw: unknown): CatalogEntry | string => {
  if (!QUEUE_NAME_PATTERN.test(name)) return "the name must be 1 to 64 characters of a-z, 0-9 and '-'";
  if (typeof raw !== "object" || raw === null) return 'must be an object { "contentBasedDeduplication" }';
  const fields = raw as Record<string, unknown>;
  const { contentBasedDeduplication } = fields;
  if (typeof contentBasedDeduplication !== "boolean")
    return `contentBasedDeduplication must be true or false; got ${JSON.stringify(contentBasedDeduplication)}`;
  const idempotency = idempotencyOf(fields);
  if (typeof idempotency === "string") return idempotency;
  return { contentBasedDeduplication, ...(idempotency ? { idempotency } : {}) };
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch (cause) {
    return new EnvRefusal(`not valid JSON: ${(cause as Error).message}`);
  }
};

const parseCatalog = (text: string): Catalog | EnvRefusal => {
  const parsed = parseJson(text);
  if (parsed instanceof EnvRefusal) return parsed;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    return new EnvRefusal("not a JSON object");
  const entries = Object.entries(parsed);
  if (entries.length === 0) return new EnvRefusal("no queue");
  const catalog: Record<string, CatalogEntry> = Object.create(null);
  for (const [name, raw] of entries) {
    const entry = entryOf(name, raw);
    if (typeof entry === "string") return new EnvRefusal(`queue "${name}": ${entry}`);
    catalog[name] = entry;
  }
  return catalog;
};

/** The queue registry's two variables (the API and the release function read them). */
export const QUEUE_REGISTRY_VARS = {
  catalog: required(
    ENV.queues,
    'a non-empty JSON object { "<queue>": { "contentBasedDeduplication": true|false } }',
    parseCatalog,
  ),
  urlPrefix: required(
    ENV.queueUrlPrefix,
    'what every queue URL starts with, e.g. "https://sqs.eu-west-1.amazonaws.com/123456789012/Fifoq-"',
    httpUrl,
  ),
};

/** The API's own variables (the rest are shared with the release function). */
const OWN_VARS = {
  deadLetterTable: required(ENV.deadLetterTable, "the dead-letter table name", anyText),
  idempotencyTable: optional(
    ENV.idempotencyTable,
    "the idempotency table name (the status route reads it)",
    anyText,
  ),
  ...functionVars,
  auth: optional(
    ENV.apiAuth,
    `one of ${API_AUTHS.join(", ")}`,
    (text) => API_AUTHS.find((auth) => auth === text),
    API_DEFAULTS.auth,
  ),
  operatorKeyId: optional(
    ENV.operatorKeyId,
    "the id of the operator API key (API Gateway's key id)",
    anyText,
  ),
};

const SCHEMA = { ...QUEUE_REGISTRY_VARS, ...TIME_VARS, ...SCHEDULES_VARS, ...OWN_VARS };

/** Every queue's URLs: the prefix, then its SQS name (`<name>.fifo`, `<name>-dlq.fifo`). */
export const registryOf = (catalog: Catalog, urlPrefix: string): QueueRegistry => {
  const registry: Record<string, QueueEndpoint> = Object.create(null);
  for (const [name, entry] of Object.entries(catalog)) {
    const { queue, deadLetterQueue } = queueNames(name);
    registry[name] = { url: `${urlPrefix}${queue}`, dlqUrl: `${urlPrefix}${deadLetterQueue}`, ...entry };
  }
  return registry;
};

/** Each queue's idempotency window (0: off), for the queues whose catalog entry gives it. */
const catalogWindows = (catalog: Catalog): Record<string, number> =>
  Object.fromEntries(
    Object.entries(catalog).flatMap(([name, entry]) =>
      entry.idempotency ? [[name, entry.idempotency.windowSeconds]] : [],
    ),
  );

/** Reads and checks the API Lambda's environment; one `InvalidEnvError` names every problem. */
export const parseApiEnv = (env: Env): ApiEnv => {
  const values = readEnv("API", env, SCHEMA);
  const time = timeEnvOf(values);
  return {
    ...valuesOf(values, OWN_VARS),
    queues: registryOf(values.catalog, values.urlPrefix),
    time,
    schedules: schedulesEnvOf(values, Object.keys(values.catalog), time, catalogWindows(values.catalog)),
  };
};
