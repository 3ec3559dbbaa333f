import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  UpdateScheduleCommand,
} from "@aws-sdk/client-scheduler";
import { afterEach, describe, expect, it } from "vitest";
import {
  createCron,
  FUNCTION_ARN,
  GROUP,
  startEmulator,
  toFunction,
  useSqs,
} from "./scheduler-emulator-support";

describe("the local Scheduler emulator's API, through @aws-sdk/client-scheduler", () => {
  const sqs = useSqs();
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => stop?.());
  const start = async () => {
    const started = await startEmulator(sqs.sqs);
    stop = started.stop;
    return started;
  };

  it("creates, reads, updates, lists and deletes a schedule", async () => {
    // Arrange
    const { client } = await start();
    const base = { Name: "daily", ...toFunction("{}"), ScheduleExpressionTimezone: "Europe/Berlin" };

    // Act
    const created = await client.send(
      new CreateScheduleCommand({ ...base, ScheduleExpression: "cron(0 9 ? * 2-6 *)" }),
    );
    await client.send(
      new UpdateScheduleCommand({ ...base, ScheduleExpression: "cron(30 9 * * ? *)", State: "DISABLED" }),
    );
    const got = await client.send(new GetScheduleCommand({ Name: "daily", GroupName: GROUP }));
    const listed = await client.send(new ListSchedulesCommand({ GroupName: GROUP }));
    await client.send(new DeleteScheduleCommand({ Name: "daily", GroupName: GROUP }));
    const gone = client.send(new GetScheduleCommand({ Name: "daily", GroupName: GROUP }));

    // Assert
    expect(created.ScheduleArn).toBe("arn:aws:scheduler:us-east-1:000000000000:schedule/fifoq/daily");
    expect(got).toMatchObject({
      Name: "daily",
      GroupName: GROUP,
      ScheduleExpression: "cron(30 9 * * ? *)",
      ScheduleExpressionTimezone: "Europe/Berlin",
      State: "DISABLED",
      FlexibleTimeWindow: { Mode: "OFF" },
      Target: { Arn: FUNCTION_ARN, Input: "{}" },
    });
    expect(got.CreationDate).toEqual(new Date(Date.UTC(2027, 0, 30)));
    expect(
      listed.Schedules?.map((schedule) => [schedule.Name, schedule.State, schedule.Target?.Arn]),
    ).toEqual([["daily", "DISABLED", FUNCTION_ARN]]);
    await expect(gone).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      $metadata: { httpStatusCode: 404 },
    });
  });

  it("answers ConflictException, ResourceNotFoundException and ValidationException as Scheduler does", async () => {
    // Arrange
    const { client } = await start();
    const schedule = { Name: "once", ...toFunction("{}"), ScheduleExpression: "at(2027-02-01T00:00:00)" };
    await client.send(new CreateScheduleCommand(schedule));

    // Act
    const results = await Promise.allSettled([
      client.send(new CreateScheduleCommand(schedule)),
      client.send(new UpdateScheduleCommand({ ...schedule, Name: "missing" })),
      client.send(new DeleteScheduleCommand({ Name: "once", GroupName: "no-such-group" })),
      client.send(
        new CreateScheduleCommand({ ...schedule, Name: "bad", ScheduleExpression: "cron(0 9 * * * *)" }),
      ),
      client.send(
        new CreateScheduleCommand({ ...schedule, Name: "bad", ScheduleExpressionTimezone: "Mars/Olympus" }),
      ),
      client.send(
        new CreateScheduleCommand({ ...schedule, Name: "bad", ScheduleExpression: "rate(5 minutes)" }),
      ),
      client.send(new CreateScheduleCommand({ ...schedule, Name: "bad/name" })),
    ]);

    // Assert
    expect(
      results.map((result) =>
        result.status === "rejected" ? [result.reason.name, result.reason.$metadata.httpStatusCode] : "ok",
      ),
    ).toEqual([
      ["ConflictException", 409],
      ["ResourceNotFoundException", 404],
      ["ResourceNotFoundException", 404],
      ["ValidationException", 400],
      ["ValidationException", 400],
      ["ValidationException", 400],
      ["ValidationException", 400],
    ]);
    const [, , , badCron] = results;
    expect(badCron?.status === "rejected" && badCron.reason.message).toMatch(
      /exactly one of day-of-month and day-of-week must be "\?"/,
    );
  });

  it("lists by group, name prefix and state, a page at a time", async () => {
    // Arrange
    const { client } = await start();
    for (const name of ["a-1", "a-2", "a-3", "b-1"])
      await client.send(
        new CreateScheduleCommand({
          Name: name,
          ...toFunction("{}"),
          ScheduleExpression: "cron(0 9 * * ? *)",
          State: name === "a-2" ? "DISABLED" : "ENABLED",
        }),
      );
    await client.send(createCron("a-0", "cron(0 9 * * ? *)", "{}", { GroupName: "default" }));

    // Act
    const names: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(
        new ListSchedulesCommand({ GroupName: GROUP, NamePrefix: "a-", MaxResults: 1, NextToken }),
      );
      names.push(...(page.Schedules ?? []).map((schedule) => schedule.Name ?? ""));
      NextToken = page.NextToken;
    } while (NextToken);
    const enabled = await client.send(new ListSchedulesCommand({ State: "ENABLED" }));
    const badToken = client.send(new ListSchedulesCommand({ NextToken: "not-a-token" }));

    // Assert
    expect(names).toEqual(["a-1", "a-2", "a-3"]);
    expect(enabled.Schedules?.map((schedule) => `${schedule.GroupName}/${schedule.Name}`)).toEqual([
      "default/a-0",
      "fifoq/a-1",
      "fifoq/a-3",
      "fifoq/b-1",
    ]);
    await expect(badToken).rejects.toMatchObject({ name: "ValidationException" });
  });
});
