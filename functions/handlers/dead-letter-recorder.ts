import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { createDynamoDbClient } from "../adapters/aws-clients";
import { dynamoDbRecorderDeps } from "../adapters/dead-letters";
import { QUEUE_NAME_PATTERN } from "../core/config/defaults";
import { InvalidRecorderEnvError } from "../core/dead-letters/errors";
import { createDeadLetterRecorder, type DeadLetterRecorder } from "../core/dead-letters/recorder";
import { ENV } from "../core/env-names";
import { isHttpUrl } from "../core/http-url";
import { createJsonLogger, LOG_LEVELS, type LogLevel, parseLogLevel } from "../core/logging/logger";

type Env = Readonly<Record<string, string | undefined>>;

export interface RecorderEnv {
  readonly deadLetterTable: string;
  readonly idempotencyTable: string;
  readonly queue: string | undefined;
  readonly dynamoDbEndpoint: string | undefined;
  readonly logLevel: LogLevel;
}

/** Reads and checks the recorder's environment once; one error names every problem. */
export const readRecorderEnv = (env: Env): RecorderEnv => {
  const problems: string[] = [];
  const value = (name: string) => env[name]?.trim() || undefined;
  const required = (name: string, what: string) => {
    const found = value(name);
    if (!found) problems.push(`${name} is not set; expected ${what}`);
    return found ?? "";
  };
  const checked = (name: string, valid: (v: string) => boolean, what: string) => {
    const found = value(name);
    if (found !== undefined && !valid(found))
      problems.push(`${name} = ${JSON.stringify(found)}; expected ${what}`);
    return found !== undefined && valid(found) ? found : undefined;
  };
  const level = checked(ENV.logLevel, (v) => parseLogLevel(v) !== undefined, LOG_LEVELS.join(", "));
  const result = {
    deadLetterTable: required(ENV.deadLetterTable, "the dead-letter table name"),
    idempotencyTable: required(ENV.idempotencyTable, "the idempotency table name (it holds the failure log)"),
    queue: checked(ENV.queueName, (v) => QUEUE_NAME_PATTERN.test(v), "a queue name of [a-z0-9-]{1,64}"),
    dynamoDbEndpoint: checked(ENV.dynamoDbEndpoint, isHttpUrl, "an http(s) URL"),
    logLevel: (level ? parseLogLevel(level) : undefined) ?? "info",
  };
  if (problems.length > 0) throw new InvalidRecorderEnvError(problems);
  return result;
};

/** Builds the recorder from an environment (clients and adapters included). */
export const recorderFromEnv = (env: Env): DeadLetterRecorder => {
  const settings = readRecorderEnv(env);
  const logger = createJsonLogger({
    level: settings.logLevel,
    fields: { component: "dead-letter-recorder" },
  });
  const dynamo = createDynamoDbClient({ endpoint: settings.dynamoDbEndpoint });
  return createDeadLetterRecorder(dynamoDbRecorderDeps({ dynamo, ...settings, logger }));
};

let recorder: DeadLetterRecorder | undefined;

/** Lambda entry (SQS event source on `<name>-dlq.fifo`, ReportBatchItemFailures). */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  recorder ??= recorderFromEnv(process.env);
  return recorder(event);
};
