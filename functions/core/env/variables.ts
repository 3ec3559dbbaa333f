import { QUEUE_NAME_PATTERN, STACK_NAME_PATTERN } from "../config/defaults";
import { CONSUMER_ENV } from "../env-names";
import { isHttpUrl } from "../http-url";
import { LOG_LEVELS, type LogLevel, parseLogLevel } from "../logging/logger";
import { optional } from "./read-env";

/** The variables several functions read, and the parsers the others share. */
export const anyText = (text: string): string => text;

export const queueName = (text: string): string | undefined =>
  QUEUE_NAME_PATTERN.test(text) ? text : undefined;

export const QUEUE_NAME_EXPECTED = "a queue name of [a-z0-9-]{1,64}";

export const httpUrl = (text: string): string | undefined => (isHttpUrl(text) ? text : undefined);

/** An emulator's endpoint (fauxqs, DynamoDB Local, LocalStack); unset in the cloud. */
export const endpointVar = (name: string) =>
  optional(name, "an http(s) URL such as http://localhost:4566", httpUrl);

/** `FIFOQ_PAYLOAD_BUCKET` and `FIFOQ_S3_ENDPOINT`: where large bodies and dead letters are kept. */
export const payloadVars = {
  payloadBucket: optional(CONSUMER_ENV.payloadBucket, "an S3 bucket name", (text) =>
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(text) ? text : undefined,
  ),
  s3Endpoint: endpointVar(CONSUMER_ENV.s3Endpoint),
};

/** `FIFOQ_LOG_LEVEL`, any case, `info` when unset. */
export const logLevelVar = optional(
  CONSUMER_ENV.logLevel,
  `one of ${LOG_LEVELS.join(", ")}`,
  (text) => parseLogLevel(text.toLowerCase()),
  "info",
);

/** `FIFOQ_STACK_NAME`: the `stack` dimension of the metrics; unset, a function writes no metrics. */
export const stackNameVar = optional(CONSUMER_ENV.stackName, "a CloudFormation stack name", (text) =>
  STACK_NAME_PATTERN.test(text) ? text : undefined,
);

/** What the API and the consumer both read: the emulators' endpoints, the payload store, log level, stack name. */
export interface FunctionEnv {
  readonly sqsEndpoint: string | undefined;
  readonly dynamoDbEndpoint: string | undefined;
  /** Where claim-checked bodies are (a message or a redriven dead letter over 1 MiB). */
  readonly payloadBucket: string | undefined;
  readonly s3Endpoint: string | undefined;
  readonly logLevel: LogLevel;
  /** The `stack` dimension of the function's metrics; unset, no metrics are written. */
  readonly stackName: string | undefined;
}

/** The schema entries of `FunctionEnv`, for `readEnv`. */
export const functionVars = {
  sqsEndpoint: endpointVar(CONSUMER_ENV.sqsEndpoint),
  dynamoDbEndpoint: endpointVar(CONSUMER_ENV.dynamoDbEndpoint),
  ...payloadVars,
  logLevel: logLevelVar,
  stackName: stackNameVar,
};
