import { configPath } from "../functions/core/config/load";
import { type Env, optional, readEnv } from "../functions/core/env/read-env";
import { anyText, endpointVar, logLevelVar } from "../functions/core/env/variables";
import { ENV } from "../functions/core/env-names";
import { InvalidEnvError } from "../functions/core/errors";
import type { LogLevel } from "../functions/core/logging/logger";
import { MIN_API_KEY_LENGTH } from "./state/local-keys";
import { defaultStateDir } from "./state/local-state";

/** What `npm start` reads from its environment, once. */
export interface LocalEnv {
  readonly port: number;
  readonly configPath: string;
  readonly sqsEndpoint: string | undefined;
  readonly dynamoDbEndpoint: string | undefined;
  readonly apiKey: string | undefined;
  readonly operatorKey: string | undefined;
  readonly logLevel: LogLevel;
  /** Where tables, queues and keys are kept across restarts: FIFOQ_STATE_DIR, else `<cwd>/.fifoq`. */
  readonly stateDir: string;
  /** FIFOQ_LOCAL_IAM: check each function's AWS requests against its synthesized IAM policies. @default "on" */
  readonly iam: "on" | "off";
}

export const DEFAULT_PORT = 3000;

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
  stateDir: optional("FIFOQ_STATE_DIR", "a directory path", anyText),
  iam: optional(
    "FIFOQ_LOCAL_IAM",
    '"on" or "off"',
    (text: string) => (text === "on" || text === "off" ? text : undefined),
    "on" as const,
  ),
};

/**
 * Reads and checks PORT, FIFOQ_CONFIG, FIFOQ_SQS_ENDPOINT, FIFOQ_DYNAMODB_ENDPOINT, FIFOQ_API_KEY,
 * FIFOQ_OPERATOR_KEY, FIFOQ_LOG_LEVEL, FIFOQ_LOCAL_IAM and FIFOQ_STATE_DIR; the two keys must differ.
 */
export const readLocalEnv = (env: Env, cwd: string): LocalEnv => {
  const problems: string[] = [];
  let values: (Omit<LocalEnv, "configPath" | "stateDir"> & { stateDir: string | undefined }) | undefined;
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
  return { ...values, configPath: configPath(env, cwd), stateDir: values.stateDir ?? defaultStateDir(cwd) };
};
