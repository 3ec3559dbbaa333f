import type { QueueRegistry } from "../api/deps";
import { QUEUE_REGISTRY_VARS, registryOf } from "../api/env";
import { type Env, readEnv, required } from "../core/env/read-env";
import { anyText, endpointVar, httpUrl, logLevelVar, stackNameVar } from "../core/env/variables";
import { ENV } from "../core/env-names";
import type { LogLevel } from "../core/logging/logger";
import { TIME_VARS, type TimeEnv, timeEnvOf } from "./time-env";

export interface ReleaseEnv {
  readonly queues: QueueRegistry;
  readonly time: TimeEnv;
  readonly sqsEndpoint: string | undefined;
  readonly dynamoDbEndpoint: string | undefined;
  readonly logLevel: LogLevel;
  readonly stackName: string | undefined;
}

const SCHEMA = {
  ...QUEUE_REGISTRY_VARS,
  ...TIME_VARS,
  // The release function cannot run without them: unset is an error here, not "no delayed messages".
  scheduledTable: required(ENV.scheduledTable, "the scheduled-message table name", anyText),
  delayQueueUrl: required(ENV.delayQueueUrl, "the delay queue's URL", httpUrl),
  sqsEndpoint: endpointVar(ENV.sqsEndpoint),
  dynamoDbEndpoint: endpointVar(ENV.dynamoDbEndpoint),
  logLevel: logLevelVar,
  stackName: stackNameVar,
};

/** Reads and checks the release function's environment; one `InvalidEnvError` names every problem. */
export const parseReleaseEnv = (env: Env): ReleaseEnv => {
  const values = readEnv("release", env, SCHEMA);
  const {
    catalog,
    urlPrefix,
    scheduledTable,
    delayQueueUrl,
    sqsEndpoint,
    dynamoDbEndpoint,
    logLevel,
    stackName,
  } = values;
  const time = timeEnvOf(values) ?? { scheduledTable, delayQueueUrl };
  return { queues: registryOf(catalog, urlPrefix), time, sqsEndpoint, dynamoDbEndpoint, logLevel, stackName };
};
