import { configPath } from "../functions/core/config/load";
import { type Env, optional, readEnv } from "../functions/core/env/read-env";
import { endpointVar, logLevelVar } from "../functions/core/env/variables";
import { ENV } from "../functions/core/env-names";
import { InvalidEnvError } from "../functions/core/errors";
import type { LogLevel } from "../functions/core/logging/logger";

/** What `npm start` reads from its environment, once. */
export interface LocalEnv {
  readonly port: number;
  readonly configPath: string;
  readonly sqsEndpoint: string | undefined;
  readonly dynamoDbEndpoint: string | undefined;
  readonly apiKey: string | undefined;
  readonly operatorKey: string | undefined;
  readonly logLevel: LogLevel;
  /** FIFOQ_LOCAL_IAM: check each function's AWS requests against its synthesized IAM policies. @default "on" */
  readonly iam: "on" | "off";
}

export const DEFAULT_PORT = 3000;
/** API Gateway refuses API key values shorter than this. */
const MIN_API_KEY_LENGTH = 20;

const KEY_EXPECTED = `at least ${MIN_API_KEY_LENGTH} characters (as API Gateway requires)`;
const apiKeyValue = (text: string): string | undefined =>
  text.length >= MIN_API_KEY_LENGTH ? text : undefined;

const port = (text: string): number | undefined =>
  /^\d+$/.test(text) && Number(text) <= 65535 ? Number(text) : undefined;

const SCHEMA = {
  port: optional("PORT", "an integer from 0 (a free port) to 65535", port, DEFAULT_PORT),
  sqsEndpoint: endpointVar(ENV.sqsEndpoint),
  dynamoDbEndpoint: endpointVar(ENV.dynamoDbEndpoint),
  apiKey: optional("FIFOQ_API_KEY", KEY_EXPECTED, apiKeyValue),
  operatorKey: optional("FIFOQ_OPERATOR_KEY", `${KEY_EXPECTED}, not the same as FIFOQ_API_KEY`, apiKeyValue),
  logLevel: logLevelVar,
  iam: optional(
    "FIFOQ_LOCAL_IAM",
    '"on" or "off"',
    (text: string) => (text === "on" || text === "off" ? text : undefined),
    "on" as const,
  ),
};

/**
 * Reads and checks PORT, FIFOQ_CONFIG, FIFOQ_SQS_ENDPOINT, FIFOQ_DYNAMODB_ENDPOINT, FIFOQ_API_KEY,
 * FIFOQ_OPERATOR_KEY, FIFOQ_LOG_LEVEL and FIFOQ_LOCAL_IAM; the two keys must differ.
 */
export const readLocalEnv = (env: Env, cwd: string): LocalEnv => {
  const problems: string[] = [];
  let values: Omit<LocalEnv, "configPath"> | undefined;
  try {
    values = readEnv("local", env, SCHEMA);
  } catch (error) {
    if (!(error instanceof InvalidEnvError)) throw error;
    problems.push(...error.problems);
  }
  const apiKey = env.FIFOQ_API_KEY?.trim();
  if (apiKey && apiKey === env.FIFOQ_OPERATOR_KEY?.trim())
    problems.push(
      "FIFOQ_OPERATOR_KEY is the same as FIFOQ_API_KEY; expected another key (a producer key must not be an operator key)",
    );
  if (!values || problems.length > 0) throw new InvalidEnvError("local", problems);
  return { ...values, configPath: configPath(env, cwd) };
};
