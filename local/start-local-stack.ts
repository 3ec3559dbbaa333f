import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { createDynamoDbClient, lazyS3Client } from "../functions/adapters/aws-clients";
import { createSqsClient } from "../functions/adapters/sqs/sqs-client";
import type { ResolvedConfig } from "../functions/core/config";
import { createJsonLogger, type Logger, type LogLevel } from "../functions/core/logging/logger";
import { idempotencyWindowsOf } from "../functions/core/schedules/scheduler-params";
import { functionId } from "../infra/iam/function-id";
import { type BackingServiceOptions, type BackingServices, startBackingServices } from "./backing-services";
import { type Cleanup, createCleanup } from "./cleanup";
import { LocalStackError, ProvisionError } from "./errors";
import { type LocalQueue, startApiFunction } from "./functions/api-function";
import type { LocalRuntime } from "./functions/lambda-environment";
import { startGateway } from "./gateway/server";
import { type LocalIamSetting, loadLocalIam } from "./iam/local-iam";
import { provisionTables, type TableNames } from "./provision/dynamodb";
import { checkDynamoDbSemantics } from "./provision/dynamodb-check";
import { provisionEffectTables } from "./provision/effect-tables";
import { provisionPayloadBucket } from "./provision/s3";
import { provisionQueue } from "./provision/sqs";
import { startQueueFunctions } from "./queue-functions";
import type { SchedulerClock } from "./scheduler/emulator/clock";
import { DEFAULT_SCHEDULED_TABLE, localQueueRegistry, startLocalTime } from "./scheduler/start";
import { generateApiKey, type LocalKeys, loadOrCreateKeys } from "./state/local-keys";
import { type LocalState, openLocalState } from "./state/local-state";

export const DEFAULT_TABLES: TableNames = {
  idempotency: "fifoq-idempotency",
  deadLetters: "fifoq-dead-letters",
};

export interface LocalStackOptions extends Omit<BackingServiceOptions, "dataDirs"> {
  readonly config: ResolvedConfig;
  /**
   * Where the stack keeps its tables, queues (with their messages) and keys across restarts (`npm start`:
   * `.fifoq/`); the keys given in `apiKey`/`operatorKey` win over the kept ones. @default everything in memory
   */
  readonly stateDir?: string;
  /** HTTP port of the local API Gateway; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** The producer key (publish, `GET /queues`). @default a random 32-character key */
  readonly apiKey?: string;
  /** The operator key (also the dead-letter routes). @default a random 32-character key */
  readonly operatorKey?: string;
  /** @default DEFAULT_TABLES */
  readonly tables?: TableNames;
  /** Every function and the local stack log here. @default JSON lines on stdout at level info */
  readonly logger?: Logger;
  /** The functions' own level (their FIFOQ_LOG_LEVEL; their lines are relayed to `logger`). @default "info" */
  readonly logLevel?: LogLevel;
  /**
   * Variables every function sees besides the ones fifoq sets, as a Lambda's configured environment
   * (`npm start` passes its own). @default none
   */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /** Apply the config's usage-plan throttling (`api.rateLimit`/`api.burstLimit`). @default true */
  readonly throttle?: boolean;
  /** How long `stop` waits for running consumer invocations. @default 5000 */
  readonly stopGraceMs?: number;
  /** Run the consumers and dead-letter recorders (event source mappings). Off only to measure the producer alone. @default true */
  readonly consumers?: boolean;
  /** The scheduled-message table (delayed messages). @default "fifoq-scheduled" */
  readonly scheduledTable?: string;
  /**
   * Check every function's AWS requests against its IAM policies, synthesized from the config (`on`) or given
   * (tests). `npm start` turns it on (FIFOQ_LOCAL_IAM). @default "off"
   */
  readonly iam?: LocalIamSetting;
  /** The local Scheduler's clock and timers (tests move it by hand). @default the process's */
  readonly schedulerClock?: SchedulerClock;
}

export interface LocalStack {
  /** Base URL with the stage, e.g. `http://127.0.0.1:3000/v1`. */
  readonly url: string;
  /** The producer key. */
  readonly apiKey: string;
  readonly operatorKey: string;
  readonly sqsEndpoint: string;
  readonly dynamoDbEndpoint: string;
  /** The local EventBridge Scheduler (`@aws-sdk/client-scheduler`'s endpoint). */
  readonly schedulerEndpoint: string;
  readonly tables: TableNames;
  readonly queues: readonly LocalQueue[];
  /** The state directory in use, when `stateDir` was given. */
  readonly state: LocalState | undefined;
  /** Stops everything it started, newest first; safe to call more than once. */
  stop(): Promise<void>;
  /** Kills the child processes it started at once (for a forced exit). */
  kill(): void;
}

interface Clients {
  readonly sqs: SQSClient;
  readonly dynamo: DynamoDBClient;
}

/** The ids the local usage plan gives its two keys (in the cloud, API Gateway makes them up). */
export const LOCAL_KEY_IDS = { producer: "local-producer-key", operator: "local-operator-key" } as const;

const provision = async (
  config: ResolvedConfig,
  clients: Clients,
  services: BackingServices,
  tables: TableNames,
): Promise<LocalQueue[]> => {
  const failed = (service: "SQS" | "DynamoDB", endpoint: string) => (cause: unknown) => {
    throw cause instanceof LocalStackError ? cause : new ProvisionError(service, endpoint, { cause });
  };
  const [, provisioned] = await Promise.all([
    provisionTables(clients.dynamo, tables)
      .then(() => provisionEffectTables(clients.dynamo, config.queues, services.dynamoDbEndpoint))
      .then(() => checkDynamoDbSemantics(clients.dynamo, tables.idempotency, services.dynamoDbEndpoint))
      .catch(failed("DynamoDB", services.dynamoDbEndpoint)),
    Promise.all(config.queues.map((queue) => provisionQueue(clients.sqs, queue))).catch(
      failed("SQS", services.sqsEndpoint),
    ),
  ]);
  return config.queues.map((queue, index) => {
    const found = provisioned[index];
    if (!found) throw new Error(`queue ${queue.name} was not provisioned`);
    return { config: queue, provisioned: found };
  });
};

/** The keys given, else the kept ones (state directory), else new random ones. */
const keysOf = (options: LocalStackOptions, state: LocalState | undefined): LocalKeys => {
  const given = {
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    ...(options.operatorKey ? { operatorKey: options.operatorKey } : {}),
  };
  if (state) return loadOrCreateKeys(state.keysFile, given);
  return { apiKey: generateApiKey(), operatorKey: generateApiKey(), ...given };
};

const assemble = async (
  options: LocalStackOptions,
  logger: Logger,
  cleanup: Cleanup,
): Promise<LocalStack> => {
  const state = options.stateDir === undefined ? undefined : openLocalState(options.stateDir);
  const { apiKey, operatorKey } = keysOf(options, state);
  const dataDirs = state && { dynamoDb: state.dynamoDbDir, sqs: state.sqsDir };
  const tables = options.tables ?? DEFAULT_TABLES;
  // The policies are synthesized while the emulators start.
  const scheduledTable = options.scheduledTable ?? DEFAULT_SCHEDULED_TABLE;
  const iamLoading = loadLocalIam(options.iam ?? "off", options.config, tables, scheduledTable);
  iamLoading.catch(() => {});
  const services = await startBackingServices({ ...options, dataDirs }, cleanup, logger);
  const iam = await iamLoading;
  const clients: Clients = {
    sqs: createSqsClient({ endpoint: services.sqsEndpoint }),
    dynamo: createDynamoDbClient({ endpoint: services.dynamoDbEndpoint }),
  };
  cleanup.add("clients", () => {
    clients.sqs.destroy();
    clients.dynamo.destroy();
  });
  const queues = await provision(options.config, clients, services, tables);
  const s3 = lazyS3Client({ endpoint: services.sqsEndpoint });
  cleanup.add("s3 client", async () => (await s3()).destroy());
  const runtime: LocalRuntime = {
    base: options.environment ?? {},
    sqsEndpoint: services.sqsEndpoint,
    dynamoDbEndpoint: services.dynamoDbEndpoint,
    payloadBucket: await provisionPayloadBucket(await s3()),
    logLevel: options.logLevel ?? "info",
  };
  const wiring = { tables, logger, runtime, cleanup, stopGraceMs: options.stopGraceMs ?? 5000, iam };
  if (options.consumers !== false) for (const queue of queues) await startQueueFunctions(queue, wiring);
  const time = await startLocalTime({
    ...clients,
    sqsEndpoint: services.sqsEndpoint,
    logger,
    cleanup,
    stopGraceMs: wiring.stopGraceMs,
    queues: localQueueRegistry(queues),
    scheduledTable,
    release: options.consumers !== false,
    schedules: options.config.schedules,
    idempotencyWindows: idempotencyWindowsOf(options.config.queues),
    schedulerStateFile: state?.schedulerFile,
    schedulerClock: options.schedulerClock,
  });
  const api = await startApiFunction({
    queues,
    deadLetterTable: tables.deadLetters,
    idempotencyTable: tables.idempotency,
    operatorKeyId: LOCAL_KEY_IDS.operator,
    runtime,
    logger,
    iam: iam?.forFunction(functionId("api")),
    time,
    schedules: options.config.schedules,
  });
  cleanup.add("API function", () => api.stop());
  const gateway = await startGateway({
    handler: api.handler,
    apiKeys: [
      { id: LOCAL_KEY_IDS.producer, value: apiKey },
      { id: LOCAL_KEY_IDS.operator, value: operatorKey },
    ],
    host: options.host,
    port: options.port ?? 0,
    throttle: options.throttle === false ? undefined : options.config.api,
    logger: logger.child({ component: "local-gateway" }),
  });
  cleanup.add("gateway", () => gateway.close());
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= cleanup.run());
  return {
    url: gateway.url,
    apiKey,
    operatorKey,
    ...services,
    schedulerEndpoint: time.schedulerEndpoint ?? "",
    tables,
    queues,
    state,
    stop,
    kill: services.kill,
  };
};

/**
 * Starts the whole pipeline on this machine: emulators (or the given endpoints), queues and tables from the
 * config, per queue its consumer and dead-letter recorder behind event source mappings, and the local API Gateway in front of the
 * API function. When a step fails, whatever was already started is stopped before the error is thrown.
 */
export const startLocalStack = async (options: LocalStackOptions): Promise<LocalStack> => {
  const logger = options.logger ?? createJsonLogger();
  const cleanup = createCleanup(logger);
  try {
    return await assemble(options, logger, cleanup);
  } catch (error) {
    await cleanup.run();
    throw error;
  }
};
