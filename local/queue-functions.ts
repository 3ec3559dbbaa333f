import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { RECORDER_SETTINGS } from "../functions/core/dead-letters/recorder-settings";
import type { Logger } from "../functions/core/logging/logger";
import type { Cleanup } from "./cleanup";
import type { LocalQueue } from "./functions/api-function";
import { loadConsumerFunction } from "./functions/consumer-function";
import { createRecorderFunction } from "./functions/dead-letter-recorder-function";
import { type EventSourceMappingOptions, startEventSourceMapping } from "./poller/event-source-mapping";
import { createPollClient } from "./poller/poll-client";
import type { TableNames } from "./provision/dynamodb";

export interface QueueFunctionWiring {
  readonly sqs: SQSClient;
  readonly dynamo: DynamoDBClient;
  readonly sqsEndpoint: string;
  readonly tables: TableNames;
  readonly logger: Logger;
  readonly cleanup: Cleanup;
  readonly stopGraceMs: number;
}

type MappingSettings = Omit<EventSourceMappingOptions, "sqs" | "logger">;

/** An event source mapping with its own polling client (long polls hold connections), stopped by `cleanup`. */
const startMapping = (settings: MappingSettings, wiring: QueueFunctionWiring, queue: string): void => {
  const pollClient = createPollClient(wiring.sqsEndpoint);
  wiring.cleanup.add(`poll client ${settings.functionName}`, () => pollClient.destroy());
  const logger = wiring.logger.child({
    component: "local-event-source-mapping",
    queue,
    functionName: settings.functionName,
  });
  const mapping = startEventSourceMapping({ ...settings, sqs: pollClient, logger });
  wiring.cleanup.add(`event source mapping ${settings.functionName}`, () => mapping.stop(wiring.stopGraceMs));
};

/** The queue's consumer module, run by the real runtime, behind a mapping on `<name>.fifo`. */
const startConsumer = async ({ config, provisioned }: LocalQueue, wiring: QueueFunctionWiring) => {
  const handler = await loadConsumerFunction({
    queue: config,
    provisioned,
    sqs: wiring.sqs,
    dynamo: wiring.dynamo,
    idempotencyTable: wiring.tables.idempotency,
    logger: wiring.logger.child({ queue: config.name }),
  });
  const settings: MappingSettings = {
    queueUrl: provisioned.url,
    queueArn: provisioned.arn,
    handler,
    functionName: `fifoq-${config.name}-consumer`,
    timeoutSeconds: config.functionTimeoutSeconds,
    memorySizeMb: config.memorySizeMb,
    batchSize: config.batchSize,
    maxConcurrency: config.maxConcurrency,
  };
  startMapping(settings, wiring, config.name);
};

/** The dead-letter recorder behind a mapping on `<name>-dlq.fifo`. */
const startRecorder = ({ config, provisioned }: LocalQueue, wiring: QueueFunctionWiring) => {
  const handler = createRecorderFunction({
    queue: config.name,
    dynamo: wiring.dynamo,
    tables: wiring.tables,
    logger: wiring.logger.child({ component: "dead-letter-recorder" }),
  });
  const settings: MappingSettings = {
    ...RECORDER_SETTINGS,
    queueUrl: provisioned.dlqUrl,
    queueArn: provisioned.dlqArn,
    handler,
    functionName: `fifoq-${config.name}-dead-letter-recorder`,
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
