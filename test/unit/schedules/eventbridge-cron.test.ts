import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCron } from "../../../functions/core/schedules/cron";
import {
  eventBridgeCron,
  parseEventBridgeCron,
  parseTickEvent,
} from "../../../functions/core/schedules/eventbridge-cron";

/** A field of a five-field cron: `*`, a number, a range, a step or a list of them, within `min`–`max`. */
const fieldArbitrary = (min: number, max: number) => {
  const value = fc.integer({ min, max });
  const part = fc.oneof(
    fc.constant("*"),
    value.map(String),
    fc.tuple(value, value).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
    fc.tuple(value, fc.integer({ min: 1, max: 5 })).map(([a, step]) => `${a}/${step}`),
    fc.integer({ min: 1, max: 5 }).map((step) => `*/${step}`),
  );
  return fc.array(part, { minLength: 1, maxLength: 3 }).map((parts) => parts.join(","));
};

const cronArbitrary = fc
  .tuple(
    fieldArbitrary(0, 59),
    fieldArbitrary(0, 23),
    fieldArbitrary(1, 31),
    fieldArbitrary(1, 12),
    fieldArbitrary(0, 7),
    fc.boolean(),
  )
  .map(([minute, hour, day, month, weekday, byWeekday]) =>
    [minute, hour, byWeekday ? "*" : day, month, byWeekday ? weekday : "*"].join(" "),
  );

const eventBridge = (expression: string) => {
  const parsed = parseCron(expression);
  if (!parsed.ok) throw new Error(parsed.problem);
  return eventBridgeCron(parsed.spec);
};

describe("eventBridgeCron", () => {
  it.each([
    ["0 9 * * 1-5", "cron(0 9 ? * 2-6 *)"],
    ["0 9 * * 0", "cron(0 9 ? * 1 *)"],
    ["*/15 * * * *", "cron(0,15,30,45 * * * ? *)"],
    ["0 0 1,15 * *", "cron(0 0 1,15 * ? *)"],
    ["30 2 29 2 *", "cron(30 2 29 2 ? *)"],
    ["0-53 * * * *", "cron(0-53 * * * ? *)"],
    ["1,2,3,5,7-9 8-9 * * *", "cron(1-3,5,7-9 8,9 * * ? *)"],
  ])("writes %s as %s (one day field ?, Sunday = 1)", (cron, expected) => {
    expect(eventBridge(cron)).toBe(expected);
  });

  it("stays within Scheduler's 256 characters for the longest five-field cron (every other value)", () => {
    // Act
    const expression = eventBridge("*/2 */2 */2 */2 *");

    // Assert
    expect(expression.length).toBeLessThanOrEqual(256);
  });
});

describe("parseTickEvent", () => {
  const tick = {
    name: "daily",
    queue: "orders",
    groupId: "g",
    body: "{}",
    attributes: { k: "v", bad: 1 },
    scheduledTime: "2027-01-31T09:00:00Z",
  };

  it("reads Scheduler's tick input with its scheduled time, keeping string attributes only", () => {
    expect(parseTickEvent({ fifoqTick: tick })).toMatchObject({
      name: "daily",
      tick: Date.UTC(2027, 0, 31, 9),
      attributes: { k: "v" },
    });
  });

  it.each([
    [{ Records: [] }],
    [{ fifoqTick: { ...tick, scheduledTime: "<aws.scheduler.scheduled-time>" } }],
    [{ fifoqTick: { ...tick, queue: 1 } }],
    [null],
  ])("is not a tick: %o", (event) => {
    expect(parseTickEvent(event)).toBeUndefined();
  });
});

describe("parseEventBridgeCron", () => {
  it("reads back every five-field cron as eventBridgeCron writes it", () => {
    fc.assert(
      fc.property(cronArbitrary, (expression) => {
        // Arrange
        const parsed = parseCron(expression);
        fc.pre(parsed.ok);
        if (!parsed.ok) return;

        const written = eventBridgeCron(parsed.spec).slice("cron(".length, -1);
        // Both parsers take at most 200 characters (explicit lists can be longer: not this property's concern).
        fc.pre(written.length <= 200);

        // Act
        const back = parseEventBridgeCron(written);

        // Assert: the same days and times (a "1-31" may come back as "*": the same days)
        const days = (spec: typeof parsed.spec) => [
          spec.minutes,
          spec.hours,
          spec.daysOfMonth,
          spec.months,
          spec.daysOfWeek,
        ];
        expect(back.ok && days(back.spec)).toEqual(days(parsed.spec));
      }),
    );
  });

  it.each([
    ["0 9 ? * 2-6 *", "0 9 * * 1-5"],
    ["0 9 ? * 2/2 *", "0 9 * * 1,3,5"],
    ["0 9 ? * 1,7 *", "0 9 * * 0,6"],
    ["*/20 8-10 1 * ? *", "*/20 8-10 1 * *"],
  ])("reads %s as the five-field %s", (eventBridge, five) => {
    // Arrange
    const expected = parseCron(five);

    // Act
    const parsed = parseEventBridgeCron(eventBridge);

    // Assert
    expect(parsed.ok && expected.ok && { ...parsed.spec, source: "" }).toEqual(
      expected.ok && { ...expected.spec, source: "" },
    );
  });

  it.each([
    ["0 9 * * * *", /exactly one of day-of-month and day-of-week/],
    ["0 9 ? * ? *", /exactly one of day-of-month and day-of-week/],
    ["0 9 ? * MON *", /day-of-week "MON"/],
    ["0 9 ? * 0 *", /day-of-week "0"/],
    ["0 9 * * ? 2027", /year "2027" is not supported/],
    ["0 9 * * ?", /must have 6 fields/],
    ["0 25 * * ? *", /hour "25" is outside 0–23/],
  ])("refuses %s", (expression, problem) => {
    // Act
    const parsed = parseEventBridgeCron(expression);

    // Assert
    expect(parsed.ok ? "ok" : parsed.problem).toMatch(problem);
  });
});
