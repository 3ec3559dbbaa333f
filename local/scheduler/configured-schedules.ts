import {
  CreateScheduleCommand,
  GetScheduleCommand,
  type SchedulerClient,
  UpdateScheduleCommand,
} from "@aws-sdk/client-scheduler";
import { classifySdkError } from "../../functions/adapters/sdk-errors";
import type { ResolvedScheduleConfig } from "../../functions/core/config/schedules";
import {
  type TickScheduleTarget,
  tickScheduleParameters,
} from "../../functions/core/schedules/tick-schedule";

/** Whether the kept schedule already is what the configuration says (then it keeps its last fire). */
const sameAs = (
  kept: Awaited<ReturnType<typeof getSchedule>>,
  wanted: ReturnType<typeof tickScheduleParameters>,
): boolean =>
  kept.ScheduleExpression === wanted.ScheduleExpression &&
  kept.ScheduleExpressionTimezone === wanted.ScheduleExpressionTimezone &&
  kept.State === wanted.State &&
  kept.Target?.Arn === wanted.Target.Arn &&
  kept.Target?.Input === wanted.Target.Input &&
  kept.Target?.DeadLetterConfig?.Arn === wanted.Target.DeadLetterConfig.Arn;

const getSchedule = (client: SchedulerClient, name: string, group: string) =>
  client.send(new GetScheduleCommand({ Name: name, GroupName: group }));

/**
 * The configuration's cron schedules in the local Scheduler, with the parameters the CDK stack gives them
 * (`tickScheduleParameters`): created when missing, updated when the configuration changed, left alone (with
 * their last fire, so a restart replays their missed ticks) when not.
 */
export const putConfiguredSchedules = async (
  client: SchedulerClient,
  schedules: readonly ResolvedScheduleConfig[],
  target: TickScheduleTarget,
): Promise<void> => {
  for (const schedule of schedules) {
    const parameters = tickScheduleParameters(schedule, target);
    try {
      await client.send(new CreateScheduleCommand(parameters));
    } catch (error) {
      if (classifySdkError(error).name !== "ConflictException") throw error;
      const kept = await getSchedule(client, parameters.Name, parameters.GroupName);
      if (!sameAs(kept, parameters)) await client.send(new UpdateScheduleCommand(parameters));
    }
  }
};
