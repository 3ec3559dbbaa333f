import { ENV } from "../../functions/core/env-names";
import { admits, type LogLevel } from "../../functions/core/logging/logger";
import type { FunctionSettings } from "../poller/lambda-context";

/** The `stack` dimension of the local stack's metrics (its EMF lines go to its own log). */
export const LOCAL_METRICS_STACK = "local";

export interface LocalRuntime {
  /** Variables every function sees besides its own (`npm start` passes its environment). */
  readonly base: Readonly<Record<string, string | undefined>>;
  readonly sqsEndpoint: string;
  readonly dynamoDbEndpoint: string;
  /** The payload bucket on the emulator's S3 (fauxqs serves S3 on its SQS endpoint). */
  readonly payloadBucket: string;
  readonly logLevel: LogLevel;
}

/** A function as the local stack runs it: its Lambda settings and its whole environment. */
export interface LocalFunctionSpec {
  readonly fn: FunctionSettings;
  readonly env: Record<string, string>;
}

const definedOnly = (env: Readonly<Record<string, string | undefined>>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );

/**
 * Whether the stack's log shows a function's metrics: they are EMF lines at info, which the relay drops at a
 * higher level, so below it a function is given no stack name and writes none (a line per request costs the
 * API's container a write and a wait for the relay, for nothing).
 */
const showsMetrics = (level: LogLevel): boolean => admits(level, "info");

/**
 * A local function's whole environment: its configured variables (built by the same function as the CDK
 * stack's, `functions/core/env/function-environments.ts`) over the local stack's own, plus what differs
 * locally and nothing else: the variables Lambda itself sets, the emulators' endpoints and payload bucket,
 * and the log level.
 */
export const lambdaEnvironment = (
  configured: Readonly<Record<string, string>>,
  fn: FunctionSettings,
  runtime: LocalRuntime,
): Record<string, string> => {
  const { [ENV.stackName]: stackName, ...rest } = configured;
  return {
    ...definedOnly(runtime.base),
    ...rest,
    ...(stackName !== undefined && showsMetrics(runtime.logLevel) ? { [ENV.stackName]: stackName } : {}),
    [ENV.logLevel]: runtime.logLevel,
    [ENV.sqsEndpoint]: runtime.sqsEndpoint,
    [ENV.dynamoDbEndpoint]: runtime.dynamoDbEndpoint,
    // The CDK stack adds the bucket's name where it grants the bucket (`grantPayloads`); locally every function
    // gets the one bucket on fauxqs's S3, on the SQS endpoint.
    [ENV.payloadBucket]: runtime.payloadBucket,
    [ENV.s3Endpoint]: runtime.sqsEndpoint,
    AWS_REGION: fn.region,
    AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySizeMb),
  };
};
