import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  type SchedulerClient,
  UpdateScheduleCommand,
} from "@aws-sdk/client-scheduler";
import { classifySdkError } from "../../functions/adapters/sdk-errors";
import type { ResolvedScheduleConfig } from "../../functions/core/config/schedules";
import {
  type CronScheduleParams,
  cronScheduleParams,
  isConfiguredTickInput,
  type TickTarget,
} from "../../functions/core/schedules/scheduler-params";

/** Whether the kept schedule already is what the configuration says (then it keeps its last fire). */
const sameAs = (kept: Awaited<ReturnType<typeof getSchedule>>, wanted: CronScheduleParams): boolean =>
  kept.ScheduleExpression === wanted.ScheduleExpression &&
  kept.ScheduleExpressionTimezone === wanted.ScheduleExpressionTimezone &&
  kept.Target?.Arn === wanted.Target.Arn &&
  kept.Target?.Input === wanted.Target.Input &&
  kept.Target?.DeadLetterConfig?.Arn === wanted.Target.DeadLetterConfig.Arn;

const getSchedule = (client: SchedulerClient, name: string, group: string) =>
  client.send(new GetScheduleCommand({ Name: name, GroupName: group }));

/**
 * Deletes the kept schedules of the tick function that came from the configuration and are no longer in it, as
 * a deploy deletes them (API-made schedules and delayed messages' one-time schedules stay).
 */
const deleteRemoved = async (
  client: SchedulerClient,
  schedules: readonly ResolvedScheduleConfig[],
  target: TickTarget,
): Promise<void> => {
  const wanted = new Set(schedules.map(({ name }) => name));
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListSchedulesCommand({ GroupName: target.groupName, NextToken: token }),
    );
    for (const { Name = "", Target } of page.Schedules ?? []) {
      if (wanted.has(Name) || Target?.Arn !== target.functionArn) continue;
      const kept = await getSchedule(client, Name, target.groupName);
      if (isConfiguredTickInput(kept.Target?.Input))
        await client.send(new DeleteScheduleCommand({ Name, GroupName: target.groupName }));
    }
    token = page.NextToken;
  } while (token);
};

/**
 * The configuration's cron schedules in the local Scheduler, with the parameters the CDK stack gives them
 * (`cronScheduleParams`): created when missing (enabled), updated when the configuration changed (keeping a
 * pause made over the API), left alone (with their last fire) when not, deleted when the configuration no
 * longer has them.
 */
export const putConfiguredSchedules = async (
  client: SchedulerClient,
  schedules: readonly ResolvedScheduleConfig[],
  target: TickTarget,
): Promise<void> => {
  await deleteRemoved(client, schedules, target);
  for (const schedule of schedules) {
    const parameters = cronScheduleParams(schedule, { origin: "config", paused: false }, target);
    try {
      await client.send(new CreateScheduleCommand(parameters));
    } catch (error) {
      if (classifySdkError(error).name !== "ConflictException") throw error;
      const kept = await getSchedule(client, parameters.Name, parameters.GroupName);
      const update = { ...parameters, State: kept.State === "DISABLED" ? "DISABLED" : "ENABLED" } as const;
      if (!sameAs(kept, parameters)) await client.send(new UpdateScheduleCommand(update));
    }
  }
};
