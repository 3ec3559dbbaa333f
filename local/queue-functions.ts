import { fileURLToPath } from "node:url";
import { RECORDER_SETTINGS } from "../functions/core/dead-letters/recorder-settings";
import { consumerEnvironment, recorderEnvironment } from "../functions/core/env/function-environments";
import type { Logger } from "../functions/core/logging/logger";
import { functionId } from "../infra/iam/function-id";
import type { Cleanup } from "./cleanup";
import { ConsumerModuleError, LocalStackError } from "./errors";
import type { LocalQueue } from "./functions/api-function";
import {
  LOCAL_METRICS_STACK,
  type LocalFunctionSpec,
  type LocalRuntime,
  lambdaEnvironment,
} from "./functions/lambda-environment";
import { createFunctionPool } from "./functions/worker/function-pool";
import type { LocalIam } from "./iam/local-iam";
import {
  type EventSourceMappingOptions,
  regionOfArn,
  startEventSourceMapping,
} from "./poller/event-source-mapping";
import type { FunctionSettings } from "./poller/lambda-context";
import { createPollClient } from "./poller/poll-client";
import type { TableNames } from "./provision/dynamodb";

export interface QueueFunctionWiring {
  readonly tables: TableNames;
  readonly logger: Logger;
  /** The endpoints, level and base environment every local function gets. */
  readonly runtime: LocalRuntime;
  readonly cleanup: Cleanup;
  readonly stopGraceMs: number;
  /** Each function's IAM check (local/iam). @default none */
  readonly iam?: LocalIam | undefined;
}

/** The dead-letter recorder Lambda's own module (its edge reads the environment). */
const RECORDER_MODULE = fileURLToPath(
  new URL("../functions/handlers/dead-letter-recorder.ts", import.meta.url),
);

type MappingSettings = Omit<EventSourceMappingOptions, "sqs" | "logger">;

/** An event source mapping with its own polling client (long polls hold connections), stopped by `cleanup`. */
const startMapping = (settings: MappingSettings, wiring: QueueFunctionWiring, queue: string): void => {
  const pollClient = createPollClient(wiring.runtime.sqsEndpoint);
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

type FunctionInputs = Pick<QueueFunctionWiring, "tables" | "runtime">;

/** The queue's consumer function: the CDK stack's settings and environment, with the local names. */
export const consumerFunction = (
  { config, provisioned }: LocalQueue,
  wiring: FunctionInputs,
): LocalFunctionSpec => {
  const fn: FunctionSettings = {
    functionName: `fifoq-${config.name}-consumer`,
    timeoutMs: config.functionTimeoutSeconds * 1000,
    memorySizeMb: config.memorySizeMb,
    region: regionOfArn(provisioned.arn),
  };
  const configured = consumerEnvironment({
    stackName: LOCAL_METRICS_STACK,
    queueName: config.name,
    queueUrl: provisioned.url,
    dlqUrl: provisioned.dlqUrl,
    idempotencyTable: wiring.tables.idempotency,
    idempotencyWindowSeconds: config.idempotencyWindowSeconds,
    highThroughput: config.highThroughput,
    commitIntervalMs: config.commitIntervalMs,
    effectTables: config.effectTables,
    effectTableStack: undefined,
    retry: config.retry,
  });
  return { fn, env: lambdaEnvironment(configured, fn, wiring.runtime) };
};

/** The queue's dead-letter recorder function, likewise. */
export const recorderFunction = (
  { config, provisioned }: LocalQueue,
  wiring: FunctionInputs,
): LocalFunctionSpec => {
  const fn: FunctionSettings = {
    functionName: `fifoq-${config.name}-dead-letter-recorder`,
    timeoutMs: RECORDER_SETTINGS.timeoutSeconds * 1000,
    memorySizeMb: RECORDER_SETTINGS.memorySizeMb,
    region: regionOfArn(provisioned.dlqArn),
  };
  const configured = recorderEnvironment({
    queueName: config.name,
    deadLetterTable: wiring.tables.deadLetters,
    idempotencyTable: wiring.tables.idempotency,
  });
  return { fn, env: lambdaEnvironment(configured, fn, wiring.runtime) };
};

/**
 * The queue's consumer module behind a mapping on `<name>.fifo`, each invocation in a worker that is stopped
 * at its deadline. One worker starts now: a module that cannot load fails `npm start` here.
 */
const startConsumer = async (queue: LocalQueue, wiring: QueueFunctionWiring) => {
  const { config, provisioned } = queue;
  const { fn, env } = consumerFunction(queue, wiring);
  const pool = createFunctionPool({
    modulePath: config.handlerPath,
    moduleError: (reason) => new ConsumerModuleError(config.name, config.handlerPath, reason),
    settings: fn,
    env,
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

/** The dead-letter recorder behind a mapping on `<name>-dlq.fifo`: its Lambda module, in a worker started when needed. */
const startRecorder = (queue: LocalQueue, wiring: QueueFunctionWiring) => {
  const { provisioned, config } = queue;
  const { fn, env } = recorderFunction(queue, wiring);
  const pool = createFunctionPool({
    modulePath: RECORDER_MODULE,
    expects: "function",
    moduleError: (reason) => new LocalStackError(`the dead-letter recorder ${RECORDER_MODULE} ${reason}`),
    settings: fn,
    env,
    logger: wiring.logger,
    iam: wiring.iam?.forFunction(functionId("recorder", config.name)),
  });
  wiring.cleanup.add(`recorder workers ${fn.functionName}`, () => pool.stop());
  const settings: MappingSettings = {
    queueUrl: provisioned.dlqUrl,
    queueArn: provisioned.dlqArn,
    fn: pool,
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
