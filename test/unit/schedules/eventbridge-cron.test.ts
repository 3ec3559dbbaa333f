import { describe, expect, it } from "vitest";
import { parseCron } from "../../../functions/core/schedules/cron";
import { eventBridgeCron, parseTickEvent } from "../../../functions/core/schedules/eventbridge-cron";

const eventBridge = (expression: string) => {
  const parsed = parseCron(expression);
  if (!parsed.ok) throw new Error(parsed.problem);
  return eventBridgeCron(parsed.spec);
};

describe("eventBridgeCron", () => {
  it.each([
    ["0 9 * * 1-5", "cron(0 9 ? * 2,3,4,5,6 *)"],
    ["0 9 * * 0", "cron(0 9 ? * 1 *)"],
    ["*/15 * * * *", "cron(0,15,30,45 * * * ? *)"],
    ["0 0 1,15 * *", "cron(0 0 1,15 * ? *)"],
    ["30 2 29 2 *", "cron(30 2 29 2 ? *)"],
  ])("writes %s as %s (one day field ?, Sunday = 1)", (cron, expected) => {
    expect(eventBridge(cron)).toBe(expected);
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
