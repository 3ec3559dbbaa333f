import { configPath } from "../functions/core/config/load";
import { type Env, optional, readEnv } from "../functions/core/env/read-env";
import { endpointVar, logLevelVar } from "../functions/core/env/variables";
import { ENV } from "../functions/core/env-names";
import type { LogLevel } from "../functions/core/logging/logger";

/** What `npm start` reads from its environment, once. */
export interface LocalEnv {
  readonly port: number;
  readonly configPath: string;
  readonly sqsEndpoint: string | undefined;
  readonly dynamoDbEndpoint: string | undefined;
  readonly apiKey: string | undefined;
  readonly logLevel: LogLevel;
}

export const DEFAULT_PORT = 3000;
/** API Gateway refuses API key values shorter than this. */
const MIN_API_KEY_LENGTH = 20;

const port = (text: string): number | undefined =>
  /^\d+$/.test(text) && Number(text) <= 65535 ? Number(text) : undefined;

const SCHEMA = {
  port: optional("PORT", "an integer from 0 (a free port) to 65535", port, DEFAULT_PORT),
  sqsEndpoint: endpointVar(ENV.sqsEndpoint),
  dynamoDbEndpoint: endpointVar(ENV.dynamoDbEndpoint),
  apiKey: optional(
    "FIFOQ_API_KEY",
    `at least ${MIN_API_KEY_LENGTH} characters (as API Gateway requires)`,
    (text) => (text.length >= MIN_API_KEY_LENGTH ? text : undefined),
  ),
  logLevel: logLevelVar,
};

/** Reads and checks PORT, FIFOQ_CONFIG, FIFOQ_SQS_ENDPOINT, FIFOQ_DYNAMODB_ENDPOINT, FIFOQ_API_KEY and FIFOQ_LOG_LEVEL. */
export const readLocalEnv = (env: Env, cwd: string): LocalEnv => ({
  ...readEnv("local", env, SCHEMA),
  configPath: configPath(env, cwd),
});
