import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveSchedules } from "../../../functions/core/config/schedules";
import { InvalidScheduleDefinitionError } from "../../../functions/core/schedules/errors";
import { parseTickEvent, TICK_TIME_PLACEHOLDER } from "../../../functions/core/schedules/eventbridge-cron";
import { resolveDefinition } from "../../../functions/core/schedules/manage";
import {
  cronScheduleParams,
  TICK_RETRY,
  tickMaxEventAge,
} from "../../../functions/core/schedules/scheduler-params";

const [schedule] = resolveSchedules(
  [
    {
      name: "weekday",
      cron: "0 9 * * 1-5",
      timezone: "Europe/Berlin",
      queue: "orders",
      groupId: "g",
      body: [1],
    },
  ],
  ["orders"],
);
if (!schedule) throw new Error("no schedule");
const TARGET = {
  groupName: "FifoqProd",
  functionArn: "arn:aws:lambda:eu-west-1:1:function:FifoqProd-release",
  roleArn: "arn:aws:iam::1:role/FifoqProd-scheduler",
  deadLetterArn: "arn:aws:sqs:eu-west-1:1:FifoqProd-tick-dlq",
  idempotencyWindows: { orders: 86_400 },
};

describe("cronScheduleParams", () => {
  it("targets the release function in the group, in the time zone, with Scheduler's retries and the tick DLQ", () => {
    // Act
    const params = cronScheduleParams(schedule, { origin: "api", paused: false }, TARGET);

    // Assert
    expect(params).toEqual({
      Name: "weekday",
      GroupName: "FifoqProd",
      ScheduleExpression: "cron(0 9 ? * 2-6 *)",
      ScheduleExpressionTimezone: "Europe/Berlin",
      FlexibleTimeWindow: { Mode: "OFF" },
      State: "ENABLED",
      Target: {
        Arn: TARGET.functionArn,
        RoleArn: TARGET.roleArn,
        Input: expect.stringContaining(TICK_TIME_PLACEHOLDER),
        RetryPolicy: TICK_RETRY,
        DeadLetterConfig: { Arn: TARGET.deadLetterArn },
      },
    });
  });

  it("disables a paused schedule, and marks an API-managed tick so the release reads its record", () => {
    // Act
    const paused = cronScheduleParams(schedule, { origin: "api", paused: true }, TARGET);
    const configured = cronScheduleParams(schedule, { origin: "config", paused: false }, TARGET);
    const input = (text: string) =>
      parseTickEvent(JSON.parse(text.replace(TICK_TIME_PLACEHOLDER, "2027-02-01T08:00:00Z")));

    // Assert
    expect(paused.State).toBe("DISABLED");
    expect(input(paused.Target.Input)).toMatchObject({ name: "weekday", origin: "api" });
    expect(input(configured.Target.Input)).not.toHaveProperty("origin");
    expect(input(configured.Target.Input)).toMatchObject({ body: "[1]" });
  });

  it("keeps an API-managed schedule's tick input small whatever its body (Scheduler and Lambda cap it at 256 KB)", () => {
    // Arrange: the largest body a PUT allows, all quotes (each escaped again inside the input)
    const largest = resolveDefinition(
      "weekday",
      { cron: "0 9 * * *", queue: "orders", groupId: "g", body: '"'.repeat(131_070) },
      ["orders"],
    );

    // Act
    const params = cronScheduleParams(largest, { origin: "api", paused: false }, TARGET);

    // Assert
    expect(Buffer.byteLength(params.Target.Input)).toBeLessThan(1_024);
  });
});

describe("resolveDefinition (a PUT body, by the configuration's validator)", () => {
  it("answers any JSON body with a checked schedule or a 400 INVALID_SCHEDULE naming a field (property)", () => {
    // Arrange
    const body = fc.oneof(
      fc.jsonValue(),
      fc.constant(JSON.parse('{"__proto__":{"cron":"0 9 * * *"},"queue":"orders","groupId":"g","body":1}')),
      fc.record(
        {
          cron: fc.oneof(fc.constantFrom("0 9 * * *", "*/5 * * * *", "61 * * * *", ""), fc.string()),
          timezone: fc.oneof(fc.constantFrom("UTC", "Europe/Berlin", "Nowhere/City"), fc.jsonValue()),
          queue: fc.constantFrom("orders", "payments", "__proto__"),
          groupId: fc.oneof(fc.constant("g"), fc.string({ maxLength: 140 })),
          body: fc.jsonValue(),
          attributes: fc.dictionary(fc.string({ maxLength: 20 }), fc.jsonValue(), { maxKeys: 12 }),
        },
        { requiredKeys: [] },
      ),
    );

    // Act and assert
    fc.assert(
      fc.property(body, (value) => {
        try {
          const resolved = resolveDefinition("weekday", value, ["orders"]);
          expect(resolved.name).toBe("weekday");
          expect(resolved.queue).toBe("orders");
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidScheduleDefinitionError);
          const { details } = error as InvalidScheduleDefinitionError;
          expect(details?.[0]?.field).toEqual(expect.any(String));
          expect((error as Error).message.length).toBeLessThan(2_000);
        }
      }),
    );
  });
});

describe("tickMaxEventAge", () => {
  it.each([
    [600, 600],
    [60, 300],
    [0, 300],
    [undefined, 300],
    [86_400, 86_400],
    [2_592_000, 86_400],
  ])("lets Scheduler retry a tick on a queue with window %s for %s s at most", (window, age) => {
    expect(tickMaxEventAge(window)).toBe(age);
  });

  it("uses the window of the schedule's queue, and SQS's 5 minutes for a queue it does not know", () => {
    // Act
    const short = cronScheduleParams(
      schedule,
      { origin: "api", paused: false },
      {
        ...TARGET,
        idempotencyWindows: { orders: 900 },
      },
    );
    const unknown = cronScheduleParams(
      schedule,
      { origin: "api", paused: false },
      {
        ...TARGET,
        idempotencyWindows: {},
      },
    );

    // Assert
    expect(short.Target.RetryPolicy.MaximumEventAgeInSeconds).toBe(900);
    expect(unknown.Target.RetryPolicy.MaximumEventAgeInSeconds).toBe(300);
  });
});
