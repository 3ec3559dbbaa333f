import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { createDynamoDbClient } from "../adapters/aws-clients";
import { dynamoDbRecorderDeps } from "../adapters/dead-letters";
import { s3PayloadStoreOf } from "../adapters/s3/payload-store";
import { createDeadLetterRecorder, type DeadLetterRecorder } from "../core/dead-letters/recorder";
import { type Env, optional, readEnv, required } from "../core/env/read-env";
import {
  anyText,
  endpointVar,
  logLevelVar,
  payloadVars,
  QUEUE_NAME_EXPECTED,
  queueName,
} from "../core/env/variables";
import { ENV } from "../core/env-names";
import { createJsonLogger, type LogLevel } from "../core/logging/logger";

export interface RecorderEnv {
  readonly deadLetterTable: string;
  readonly idempotencyTable: string;
  readonly queue: string | undefined;
  readonly dynamoDbEndpoint: string | undefined;
  readonly payloadBucket: string | undefined;
  readonly s3Endpoint: string | undefined;
  readonly logLevel: LogLevel;
}

const SCHEMA = {
  deadLetterTable: required(ENV.deadLetterTable, "the dead-letter table name", anyText),
  idempotencyTable: required(
    ENV.idempotencyTable,
    "the idempotency table name (it holds the failure log)",
    anyText,
  ),
  queue: optional(ENV.queueName, QUEUE_NAME_EXPECTED, queueName),
  dynamoDbEndpoint: endpointVar(ENV.dynamoDbEndpoint),
  ...payloadVars,
  logLevel: logLevelVar,
};

/** Reads and checks the recorder's environment once; one error names every problem. */
export const readRecorderEnv = (env: Env): RecorderEnv => readEnv("dead-letter recorder", env, SCHEMA);

/** Builds the recorder from an environment (clients and adapters included). */
export const recorderFromEnv = (env: Env): DeadLetterRecorder => {
  const settings = readRecorderEnv(env);
  const logger = createJsonLogger({
    level: settings.logLevel,
    fields: { component: "dead-letter-recorder" },
  });
  const dynamo = createDynamoDbClient({ endpoint: settings.dynamoDbEndpoint });
  const payloads = s3PayloadStoreOf(settings);
  return createDeadLetterRecorder(dynamoDbRecorderDeps({ dynamo, ...settings, payloads, logger }));
};

let recorder: DeadLetterRecorder | undefined;

/** Lambda entry (SQS event source on `<name>-dlq.fifo`, ReportBatchItemFailures). */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  recorder ??= recorderFromEnv(process.env);
  return recorder(event);
};
