import { configPath } from "../functions/core/config/load";
import { ENV } from "../functions/core/env-names";
import { isHttpUrl } from "../functions/core/http-url";
import { LOG_LEVELS, type LogLevel, parseLogLevel } from "../functions/core/logging/logger";
import { InvalidLocalEnvError } from "./errors";

/** What `npm start` reads from its environment, once. */
export interface LocalEnv {
  readonly port: number;
  readonly configPath: string;
  readonly sqsEndpoint: string | undefined;
  readonly dynamoDbEndpoint: string | undefined;
  readonly apiKey: string | undefined;
  readonly logLevel: LogLevel;
}

type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_PORT = 3000;
/** API Gateway refuses API key values shorter than this. */
const MIN_API_KEY_LENGTH = 20;

const given = (env: Env, name: string): string | undefined => env[name]?.trim() || undefined;

const port = (env: Env): number => {
  const raw = given(env, "PORT");
  if (raw === undefined) return DEFAULT_PORT;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > 65535)
    throw new InvalidLocalEnvError("PORT", raw, "an integer from 0 (a free port) to 65535");
  return value;
};

const endpoint = (env: Env, name: string): string | undefined => {
  const raw = given(env, name);
  if (raw !== undefined && !isHttpUrl(raw))
    throw new InvalidLocalEnvError(name, raw, "an http(s) URL such as http://localhost:4566");
  return raw;
};

const apiKey = (env: Env): string | undefined => {
  const raw = given(env, "FIFOQ_API_KEY");
  if (raw !== undefined && raw.length < MIN_API_KEY_LENGTH) {
    throw new InvalidLocalEnvError(
      "FIFOQ_API_KEY",
      raw,
      `at least ${MIN_API_KEY_LENGTH} characters (as API Gateway requires)`,
    );
  }
  return raw;
};

const logLevel = (env: Env): LogLevel => {
  const raw = given(env, ENV.logLevel);
  if (raw === undefined) return "info";
  const level = parseLogLevel(raw);
  if (!level) throw new InvalidLocalEnvError(ENV.logLevel, raw, `one of ${LOG_LEVELS.join(", ")}`);
  return level;
};

/** Reads and checks PORT, FIFOQ_CONFIG, FIFOQ_SQS_ENDPOINT, FIFOQ_DYNAMODB_ENDPOINT, FIFOQ_API_KEY and FIFOQ_LOG_LEVEL. */
export const readLocalEnv = (env: Env, cwd: string): LocalEnv => ({
  port: port(env),
  configPath: configPath(env, cwd),
  sqsEndpoint: endpoint(env, ENV.sqsEndpoint),
  dynamoDbEndpoint: endpoint(env, ENV.dynamoDbEndpoint),
  apiKey: apiKey(env),
  logLevel: logLevel(env),
});
