import { type Env, requiredWhen } from "../core/env/read-env";
import { anyText, endpointVar, httpUrl } from "../core/env/variables";
import { ENV } from "../core/env-names";

/** Where delayed messages live and wait. */
export interface TimeEnv {
  readonly scheduledTable: string;
  readonly delayQueueUrl: string;
  /** Unset (the local stack): long delays hop on the delay queue. */
  readonly scheduler?:
    | {
        readonly groupName: string;
        readonly roleArn: string;
        readonly delayQueueArn: string;
        /** Scheduler's endpoint in an emulator; unset in the cloud. */
        readonly endpoint?: string | undefined;
      }
    | undefined;
}

/** An ARN (any partition), as environment values are checked. */
export const arn = (text: string) => (/^arn:aws[a-z-]*:[a-z0-9-]+:/.test(text) ? text : undefined);
/** Whether a variable is set (not blank): for variables that go in pairs. */
export const set = (name: string) => (env: Env) => (env[name] ?? "").trim() !== "";

/** The variables of delayed messages: table and delay queue together; the scheduler's three together. */
export const TIME_VARS = {
  scheduledTable: requiredWhen(
    set(ENV.delayQueueUrl),
    ENV.scheduledTable,
    "the scheduled-message table name",
    anyText,
  ),
  delayQueueUrl: requiredWhen(set(ENV.scheduledTable), ENV.delayQueueUrl, "the delay queue's URL", httpUrl),
  schedulerGroup: requiredWhen(
    set(ENV.schedulerRoleArn),
    ENV.schedulerGroup,
    "an EventBridge Scheduler group name",
    anyText,
  ),
  schedulerRoleArn: requiredWhen(
    set(ENV.schedulerGroup),
    ENV.schedulerRoleArn,
    "the scheduler role's ARN",
    arn,
  ),
  delayQueueArn: requiredWhen(set(ENV.schedulerGroup), ENV.delayQueueArn, "the delay queue's ARN", arn),
  schedulerEndpoint: endpointVar(ENV.schedulerEndpoint),
};

export const timeEnvOf = (values: {
  scheduledTable: string | undefined;
  delayQueueUrl: string | undefined;
  schedulerGroup: string | undefined;
  schedulerRoleArn: string | undefined;
  delayQueueArn: string | undefined;
  schedulerEndpoint: string | undefined;
}): TimeEnv | undefined => {
  const {
    scheduledTable,
    delayQueueUrl,
    schedulerGroup,
    schedulerRoleArn,
    delayQueueArn,
    schedulerEndpoint,
  } = values;
  if (scheduledTable === undefined || delayQueueUrl === undefined) return undefined;
  const scheduler =
    schedulerGroup && schedulerRoleArn && delayQueueArn
      ? { groupName: schedulerGroup, roleArn: schedulerRoleArn, delayQueueArn, endpoint: schedulerEndpoint }
      : undefined;
  return { scheduledTable, delayQueueUrl, scheduler };
};
