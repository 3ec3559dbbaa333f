import { ListSchedulesCommand } from "@aws-sdk/client-scheduler";
import { afterEach, describe, expect, it } from "vitest";
import type { ResolvedScheduleConfig } from "../../../functions/core/config/schedules";
import { cronScheduleParams, type TickTarget } from "../../../functions/core/schedules/scheduler-params";
import { putConfiguredSchedules } from "../../../local/scheduler/configured-schedules";
import {
  createCron,
  FUNCTION_ARN,
  GROUP,
  ROLE_ARN,
  startEmulator,
  useSqs,
} from "./scheduler-emulator-support";

const TARGET: TickTarget = {
  groupName: GROUP,
  functionArn: FUNCTION_ARN,
  roleArn: ROLE_ARN,
  deadLetterArn: "arn:aws:sqs:us-east-1:000000000000:fifoq-tick-dlq",
  idempotencyWindows: { orders: 86_400 },
};

const schedule = (name: string): ResolvedScheduleConfig => ({
  name,
  cron: "0 9 * * *",
  timezone: "UTC",
  queue: "orders",
  groupId: "g",
  body: "{}",
  attributes: {},
});

describe("the configuration's schedules in the local Scheduler", () => {
  const sqs = useSqs();
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => stop?.());

  it("deletes a configured schedule the configuration no longer has, and keeps API-made and other schedules", async () => {
    // Arrange: a start with two configured schedules, one made over the API, one of another target
    const started = await startEmulator(sqs.sqs);
    stop = started.stop;
    const { client } = started;
    await putConfiguredSchedules(client, [schedule("daily"), schedule("dropped")], TARGET);
    await client.send(
      createCron("made-by-api", "cron(0 9 * * ? *)", JSON.stringify({ fifoqTick: { origin: "api" } })),
    );
    const api = cronScheduleParams(schedule("via-api"), { origin: "api", paused: false }, TARGET);
    await client.send(createCron(api.Name, api.ScheduleExpression, api.Target.Input));

    // Act: the next start's configuration has only "daily"
    await putConfiguredSchedules(client, [schedule("daily")], TARGET);

    // Assert
    const listed = await client.send(new ListSchedulesCommand({ GroupName: GROUP }));
    expect((listed.Schedules ?? []).map(({ Name }) => Name).sort()).toEqual([
      "daily",
      "made-by-api",
      "via-api",
    ]);
  });
});
