import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  SchedulerClient,
  UpdateScheduleCommand,
} from "@aws-sdk/client-scheduler";
import { UpstreamRejectedError, UpstreamUnavailableError } from "../../core/http/errors";
import {
  type CronScheduleParams,
  cronScheduleParams,
  type TickTarget,
} from "../../core/schedules/scheduler-params";
import type { SchedulePort } from "../../core/schedules/types";
import { awsClientOptions, hooked } from "../aws-clients";
import { classifySdkError } from "../sdk-errors";

/** THE EventBridge Scheduler client: AWS's, or an emulator's at `endpoint`. */
export const createSchedulerClient = (endpoint?: string | undefined): SchedulerClient =>
  hooked(new SchedulerClient(awsClientOptions({ endpoint })));

/** A failed Scheduler call: a retry may fix it (503 with Retry-After) or not (500 `UPSTREAM_REJECTED`). */
const schedulerCallError = (error: unknown, operation: string): Error => {
  const fault = classifySdkError(error);
  return fault.retryable
    ? new UpstreamUnavailableError(`EventBridge Scheduler is unavailable (${operation}): ${fault.name}`, {
        retryAfterSeconds: 1,
        cause: error,
      })
    : new UpstreamRejectedError("EventBridge Scheduler", operation, fault.name, { cause: error });
};

const nameOf = (error: unknown) => classifySdkError(error).name;

/**
 * Sends one command; `tolerated` names the SDK error that means "do the other thing": answers that error, or
 * undefined when the call succeeded.
 */
const attempt = async (
  client: SchedulerClient,
  command: CreateScheduleCommand | UpdateScheduleCommand | DeleteScheduleCommand,
  operation: string,
  tolerated: string,
): Promise<unknown> => {
  try {
    await client.send(command as UpdateScheduleCommand);
    return undefined;
  } catch (error) {
    if (nameOf(error) === tolerated) return error;
    throw schedulerCallError(error, operation);
  }
};

/**
 * Create, or update when it exists (a repeated PUT); update, or create when it is missing (a repair). Both
 * refused: the schedule was deleted and made again during the call — the create's `ConflictException`, which the
 * classifier deems transient (503 with Retry-After: repeating the request fixes it).
 */
const upsert = async (client: SchedulerClient, params: CronScheduleParams, createFirst: boolean) => {
  const create = () =>
    attempt(client, new CreateScheduleCommand(params), "CreateSchedule", "ConflictException");
  const update = () =>
    attempt(client, new UpdateScheduleCommand(params), "UpdateSchedule", "ResourceNotFoundException");
  const first = createFirst ? await create() : await update();
  if (first === undefined) return;
  const second = createFirst ? await update() : await create();
  if (second === undefined) return;
  throw schedulerCallError(createFirst ? first : second, "CreateSchedule/UpdateSchedule");
};

/**
 * The cron schedules of API-managed schedules (and the state of configured ones) on EventBridge Scheduler, in
 * the stack's group, with the parameters the CDK schedules get (`cronScheduleParams`). Every call is idempotent.
 */
export const createSchedulerPort = (options: {
  readonly client: SchedulerClient;
  readonly target: TickTarget;
}): SchedulePort => ({
  put: (schedule, state) => upsert(options.client, cronScheduleParams(schedule, state, options.target), true),
  setState: (schedule, state) =>
    upsert(options.client, cronScheduleParams(schedule, state, options.target), false),
  async delete(name) {
    const command = new DeleteScheduleCommand({ Name: name, GroupName: options.target.groupName });
    await attempt(options.client, command, "DeleteSchedule", "ResourceNotFoundException");
  },
});
