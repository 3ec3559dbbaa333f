import { describe, expect, it } from "vitest";
import { InvalidScheduleError } from "../../../functions/core/config/schedules";
import type { FifoqConfig, ScheduleConfig } from "../../../functions/core/config/types";
import { resolveConfig } from "../../../functions/core/config/validate";

const valid: ScheduleConfig = {
  name: "daily-report",
  cron: "0 9 * * 1-5",
  queue: "orders",
  groupId: "reports",
  body: { kind: "daily" },
};

const resolve = (schedules: unknown) =>
  resolveConfig(
    { queues: [{ name: "orders", handler: "orders.ts" }], schedules } as FifoqConfig,
    "/app",
    "test",
  );

describe("schedules in the configuration", () => {
  it("resolves a schedule: UTC by default, the body as the exact message body", () => {
    // Act
    const [schedule] = resolve([
      valid,
      { ...valid, name: "berlin", timezone: "Europe/Berlin", attributes: { k: "v" } },
    ]).schedules;

    // Assert
    expect(schedule).toEqual({
      name: "daily-report",
      cron: "0 9 * * 1-5",
      timezone: "UTC",
      queue: "orders",
      groupId: "reports",
      body: '{"kind":"daily"}',
      attributes: {},
    });
  });

  it("stores a time zone as its canonical IANA name, the only spelling EventBridge Scheduler takes", () => {
    // Act
    const zones = ["europe/berlin", "utc", "Etc/UTC", "Europe/Berlin"].map(
      (timezone, index) => resolve([{ ...valid, name: `z${index}`, timezone }]).schedules[0]?.timezone,
    );

    // Assert
    expect(zones).toEqual(["Europe/Berlin", "UTC", "UTC", "Europe/Berlin"]);
  });

  it("has none when the field is absent", () => {
    expect(resolve(undefined).schedules).toEqual([]);
  });

  it.each([
    [{ cron: "0 9 * *" }, 'schedule "daily-report": cron = "0 9 * *" is not allowed; must have 5 fields'],
    [{ cron: "0 25 * * *" }, 'cron = "0 25 * * *" is not allowed; hour "25" is outside 0–23'],
    [{ timezone: "Europe/Atlantis" }, 'timezone = "Europe/Atlantis" is not allowed; an IANA time zone'],
    [{ timezone: "+05:00" }, 'timezone = "+05:00" is not allowed; an IANA time zone'],
    [{ queue: "payments" }, 'queue = "payments" is not allowed; one of the configured queues: orders'],
    [{ groupId: "" }, "groupId"],
    [{ name: "Daily" }, 'schedule "Daily": name = "Daily" is not allowed'],
    [{ body: undefined }, "body"],
    [{ body: "é".repeat(140_000) }, "body"],
    [{ attributes: { "fifoq-x": "v" } }, "attributes"],
    [{ every: "day" }, "every"],
  ])("refuses %o, naming the schedule, the field and what is allowed", (change, message) => {
    // Act
    const attempt = () => resolve([{ ...valid, ...change }]);

    // Assert
    expect(attempt).toThrow(InvalidScheduleError);
    expect(attempt).toThrow(message);
  });

  it("refuses a name used twice and a schedules value that is not an array", () => {
    expect(() => resolve([valid, valid])).toThrow("each schedule name only once");
    expect(() => resolve({})).toThrow("an array of schedules");
  });
});
