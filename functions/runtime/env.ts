import { type Env, readEnv, required, requiredWhen } from "../core/env/read-env";
import {
  anyText,
  endpointVar,
  httpUrl,
  logLevelVar,
  QUEUE_NAME_EXPECTED,
  queueName,
} from "../core/env/variables";
import { ENV } from "../core/env-names";
import type { LogLevel } from "../core/logging/logger";

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
}

const windowSeconds = (text: string): number | undefined =>
  /^\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : undefined;

const windowIsOn = (env: Env): boolean =>
  (windowSeconds(env[ENV.idempotencyWindowSeconds]?.trim() ?? "") ?? 0) > 0;

const SCHEMA = {
  queue: required(ENV.queueName, QUEUE_NAME_EXPECTED, queueName),
  dlqUrl: required(ENV.dlqUrl, "the http(s) URL of the dead-letter queue", httpUrl),
  idempotencyWindowSeconds: required(ENV.idempotencyWindowSeconds, "whole seconds, 0 for off", windowSeconds),
  idempotencyTable: requiredWhen(
    windowIsOn,
    ENV.idempotencyTable,
    "the idempotency table name (the window is above 0)",
    anyText,
  ),
  sqsEndpoint: endpointVar(ENV.sqsEndpoint),
  dynamoDbEndpoint: endpointVar(ENV.dynamoDbEndpoint),
  logLevel: logLevelVar,
};

/**
 * Reads and checks the consumer's environment (names in `core/env-names.ts`). Throws one `InvalidEnvError`
 * naming every variable that is missing or wrong, its value and what is allowed.
 */
export const readConsumerEnv = (env: Env): ConsumerEnv => readEnv("consumer", env, SCHEMA);
