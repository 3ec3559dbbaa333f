import { CreateScheduleCommand, GetScheduleCommand } from "@aws-sdk/client-scheduler";
import { afterEach, describe, expect, it } from "vitest";
import {
  createCron,
  drain,
  GROUP,
  ROLE_ARN,
  startEmulator,
  toFunction,
  useSqs,
} from "./scheduler-emulator-support";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const TICK_INPUT = '{"at":"<aws.scheduler.scheduled-time>","try":"<aws.scheduler.attempt-number>"}';

describe("the local Scheduler emulator's fires", () => {
  const sqs = useSqs();
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => stop?.());
  const start = async (options: Parameters<typeof startEmulator>[1] = {}) => {
    const started = await startEmulator(sqs.sqs, options);
    stop = started.stop;
    return started;
  };

  it("sends an at() schedule's Input to its queue once, at its time, then deletes it", async () => {
    // Arrange
    const { client, advance } = await start();
    await client.send(
      new CreateScheduleCommand({
        Name: "release-1",
        GroupName: GROUP,
        ScheduleExpression: "at(2027-01-30T00:20:00)",
        FlexibleTimeWindow: { Mode: "OFF" },
        ActionAfterCompletion: "DELETE",
        Target: { Arn: sqs.queue.arn, RoleArn: ROLE_ARN, Input: TICK_INPUT },
      }),
    );

    // Act
    await advance(20 * MINUTE - 1);
    const early = await drain(sqs.sqs, sqs.queue.url);
    await advance(1);
    const due = await drain(sqs.sqs, sqs.queue.url);
    await advance(HOUR);
    const later = await drain(sqs.sqs, sqs.queue.url);

    // Assert
    expect(early).toEqual([]);
    expect(due.map((message) => message.Body)).toEqual(['{"at":"2027-01-30T00:20:00Z","try":"1"}']);
    expect(later).toEqual([]);
    await expect(
      client.send(new GetScheduleCommand({ Name: "release-1", GroupName: GROUP })),
    ).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
  });

  it("fires a cron schedule once per tick in its time zone, with the tick's time in the Input", async () => {
    // Arrange: 09:00 in Berlin is 08:00 UTC in winter
    const { client, advance, events } = await start({ start: Date.UTC(2027, 0, 29, 12) });
    await client.send(
      new CreateScheduleCommand({
        Name: "daily",
        ...toFunction(TICK_INPUT),
        ScheduleExpression: "cron(0 9 ? * 2-6 *)",
        ScheduleExpressionTimezone: "Europe/Berlin",
      }),
    );

    // Act: Friday noon to Tuesday noon
    await advance(96 * HOUR);

    // Assert: Friday 29th is past, Saturday and Sunday are not weekdays
    expect(events).toEqual([
      { at: "2027-02-01T08:00:00Z", try: "1" },
      { at: "2027-02-02T08:00:00Z", try: "1" },
    ]);
  });

  it("does not fire a disabled schedule", async () => {
    // Arrange
    const { client, advance, events } = await start();
    await client.send(createCron("off", "cron(* * * * ? *)", "{}", { State: "DISABLED" }));

    // Act
    await advance(10 * MINUTE);

    // Assert
    expect(events).toEqual([]);
  });

  it("retries a failing target with backoff, then sends it to the dead-letter queue", async () => {
    // Arrange
    const { client, advance, events, clock } = await start({ fail: () => true });
    await client.send(
      new CreateScheduleCommand({
        Name: "failing",
        ...toFunction(TICK_INPUT),
        ScheduleExpression: "at(2027-01-30T00:01:00)",
        Target: {
          ...toFunction(TICK_INPUT).Target,
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: sqs.dlq.arn },
        },
      }),
    );

    // Act
    await advance(MINUTE);
    const deadLetters = await drain(sqs.sqs, sqs.dlq.url);

    // Assert
    expect(events).toEqual(
      [1, 2, 3].map((attempt) => ({ at: "2027-01-30T00:01:00Z", try: String(attempt) })),
    );
    expect(clock.sleeps).toEqual([1_000, 2_000]);
    expect(
      deadLetters.map((message) => [
        message.Body,
        message.MessageAttributes?.EXHAUSTED_RETRY_CONDITION?.StringValue,
      ]),
    ).toEqual([['{"at":"2027-01-30T00:01:00Z","try":"3"}', "MaximumRetryAttempts"]]);
  });
});
