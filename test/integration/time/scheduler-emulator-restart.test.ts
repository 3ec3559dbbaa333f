import { CreateScheduleCommand, GetScheduleCommand } from "@aws-sdk/client-scheduler";
import { afterEach, describe, expect, it } from "vitest";
import { manualClock } from "../../support/manual-clock";
import { createCron, GROUP, startEmulator, toFunction, useSqs } from "./scheduler-emulator-support";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const TICK_INPUT = '{"at":"<aws.scheduler.scheduled-time>"}';

describe("the local Scheduler emulator across a restart", () => {
  const sqs = useSqs();
  const running: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of running.splice(0)) await stop();
  });
  const start = async (options: Parameters<typeof startEmulator>[1]) => {
    const started = await startEmulator(sqs.sqs, options);
    running.push(started.stop);
    return started;
  };

  it("fires each cron tick missed while it was down once, in order, and an at() whose time passed, once", async () => {
    // Arrange: an hourly schedule fires once, then the emulator is down for 3 hours and a bit
    const clock = manualClock(Date.UTC(2027, 0, 30));
    const first = await start({ clock });
    await first.client.send(createCron("hourly", "cron(0 * * * ? *)", TICK_INPUT));
    await first.client.send(
      new CreateScheduleCommand({
        Name: "once",
        ...toFunction('{"once":true}'),
        ScheduleExpression: "at(2027-01-30T02:30:00)",
        ActionAfterCompletion: "DELETE",
      }),
    );
    await first.advance(HOUR);
    await first.stop();
    clock.advance(3 * HOUR + 10 * MINUTE);

    // Act
    const second = await start({ clock, stateFile: first.stateFile });
    await second.emulator.idle();
    await second.stop();
    const third = await start({ clock, stateFile: first.stateFile });
    await third.emulator.idle();

    // Assert
    expect(first.events).toEqual([{ at: "2027-01-30T01:00:00Z" }]);
    const ticks = second.events.filter((event) => Object.hasOwn(Object(event), "at"));
    expect(ticks).toEqual([
      { at: "2027-01-30T02:00:00Z" },
      { at: "2027-01-30T03:00:00Z" },
      { at: "2027-01-30T04:00:00Z" },
    ]);
    expect(second.events.filter((event) => !ticks.includes(event))).toEqual([{ once: true }]);
    expect(third.events).toEqual([]);
    await expect(
      third.client.send(new GetScheduleCommand({ Name: "once", GroupName: GROUP })),
    ).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
  });

  it("replays at most 100 missed ticks of a schedule, the latest, and logs how many it skipped", async () => {
    // Arrange
    const clock = manualClock(Date.UTC(2027, 0, 30));
    const first = await start({ clock });
    await first.client.send(createCron("minutely", "cron(* * * * ? *)", TICK_INPUT));
    await first.stop();
    clock.advance(150 * MINUTE);

    // Act
    const second = await start({ clock, stateFile: first.stateFile });
    await second.emulator.idle();

    // Assert
    expect(second.events).toHaveLength(100);
    expect(second.events[0]).toEqual({ at: "2027-01-30T00:51:00Z" });
    expect(second.events[99]).toEqual({ at: "2027-01-30T02:30:00Z" });
    expect(second.logger.lines).toContainEqual(
      expect.objectContaining({ message: "missed ticks skipped", skipped: 50 }),
    );
  });
});
