import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { RECORDER_SETTINGS } from "../functions/core/dead-letters/recorder-settings";
import type { Logger, LogLevel } from "../functions/core/logging/logger";
import { functionId } from "../infra/iam/function-id";
import type { Cleanup } from "./cleanup";
import type { LocalQueue } from "./functions/api-function";
import { consumerEnvironment } from "./functions/consumer-env";
import { createRecorderFunction } from "./functions/dead-letter-recorder-function";
import { createConsumerPool } from "./functions/worker/consumer-pool";
import type { LocalIam } from "./iam/local-iam";
import {
  type EventSourceMappingOptions,
  regionOfArn,
  startEventSourceMapping,
} from "./poller/event-source-mapping";
import type { FunctionSettings } from "./poller/lambda-context";
import { inProcessFunction } from "./poller/local-function";
import { createPollClient } from "./poller/poll-client";
import type { TableNames } from "./provision/dynamodb";

export interface QueueFunctionWiring {
  readonly sqs: SQSClient;
  readonly dynamo: DynamoDBClient;
  readonly sqsEndpoint: string;
  readonly dynamoDbEndpoint: string;
  readonly tables: TableNames;
  readonly logger: Logger;
  /** The consumers' FIFOQ_LOG_LEVEL. */
  readonly logLevel: LogLevel;
  /** Variables every consumer sees besides its own (a Lambda's configured environment). */
  readonly environment: Readonly<Record<string, string | undefined>>;
  readonly cleanup: Cleanup;
  readonly stopGraceMs: number;
  /** Each function's IAM check (local/iam). @default none */
  readonly iam?: LocalIam | undefined;
}

type MappingSettings = Omit<EventSourceMappingOptions, "sqs" | "logger">;

/** An event source mapping with its own polling client (long polls hold connections), stopped by `cleanup`. */
const startMapping = (settings: MappingSettings, wiring: QueueFunctionWiring, queue: string): void => {
  const pollClient = createPollClient(wiring.sqsEndpoint);
  wiring.cleanup.add(`poll client ${settings.fn.settings.functionName}`, () => pollClient.destroy());
  const logger = wiring.logger.child({
    component: "local-event-source-mapping",
    queue,
    functionName: settings.fn.settings.functionName,
  });
  const mapping = startEventSourceMapping({ ...settings, sqs: pollClient, logger });
  wiring.cleanup.add(`event source mapping ${settings.fn.settings.functionName}`, () =>
    mapping.stop(wiring.stopGraceMs),
  );
};

const definedOnly = (env: Readonly<Record<string, string | undefined>>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );

/**
 * The queue's consumer module behind a mapping on `<name>.fifo`, each invocation in a worker that is stopped
 * at its deadline. One worker starts now: a module that cannot load fails `npm start` here.
 */
const startConsumer = async ({ config, provisioned }: LocalQueue, wiring: QueueFunctionWiring) => {
  const fn: FunctionSettings = {
    functionName: `fifoq-${config.name}-consumer`,
    timeoutMs: config.functionTimeoutSeconds * 1000,
    memorySizeMb: config.memorySizeMb,
    region: regionOfArn(provisioned.arn),
  };
  const env = consumerEnvironment({
    queue: config,
    provisioned,
    idempotencyTable: wiring.tables.idempotency,
    sqsEndpoint: wiring.sqsEndpoint,
    dynamoDbEndpoint: wiring.dynamoDbEndpoint,
    logLevel: wiring.logLevel,
    fn,
  });
  const pool = createConsumerPool({
    queue: config.name,
    modulePath: config.handlerPath,
    settings: fn,
    env: { ...definedOnly(wiring.environment), ...env },
    logger: wiring.logger,
    iam: wiring.iam?.forFunction(functionId("consumer", config.name)),
  });
  wiring.cleanup.add(`consumer workers ${fn.functionName}`, () => pool.stop());
  await pool.warm();
  const settings: MappingSettings = {
    queueUrl: provisioned.url,
    queueArn: provisioned.arn,
    fn: pool,
    batchSize: config.batchSize,
    maxConcurrency: config.maxConcurrency,
  };
  startMapping(settings, wiring, config.name);
};

/** The dead-letter recorder behind a mapping on `<name>-dlq.fifo`, in this process. */
const startRecorder = ({ config, provisioned }: LocalQueue, wiring: QueueFunctionWiring) => {
  const handler = createRecorderFunction({
    queue: config.name,
    dynamo: wiring.iam?.clients(functionId("recorder", config.name), wiring).dynamo ?? wiring.dynamo,
    tables: wiring.tables,
    logger: wiring.logger.child({ component: "dead-letter-recorder" }),
  });
  const fn: FunctionSettings = {
    functionName: `fifoq-${config.name}-dead-letter-recorder`,
    timeoutMs: RECORDER_SETTINGS.timeoutSeconds * 1000,
    memorySizeMb: RECORDER_SETTINGS.memorySizeMb,
    region: regionOfArn(provisioned.dlqArn),
  };
  const settings: MappingSettings = {
    queueUrl: provisioned.dlqUrl,
    queueArn: provisioned.dlqArn,
    fn: inProcessFunction(fn, handler),
    batchSize: RECORDER_SETTINGS.batchSize,
    maxConcurrency: RECORDER_SETTINGS.maxConcurrency,
  };
  startMapping(settings, wiring, config.name);
};

/**
 * The functions of one queue, as the cloud stack deploys them: its consumer on `<name>.fifo` and the
 * dead-letter recorder on `<name>-dlq.fifo`, each behind an event source mapping.
 */
export const startQueueFunctions = async (queue: LocalQueue, wiring: QueueFunctionWiring): Promise<void> => {
  await startConsumer(queue, wiring);
  startRecorder(queue, wiring);
};
