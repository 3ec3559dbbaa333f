import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { type CronSpec, parseCron } from "../../../functions/core/schedules/cron";
import { nextFire, nextFires, tickDedupId } from "../../../functions/core/schedules/next-fire";
import { canonicalTimeZone } from "../../../functions/core/schedules/zone";

const spec = (expression: string): CronSpec => {
  const parsed = parseCron(expression);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.spec;
};

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe("parseCron", () => {
  it("reads ranges, lists and steps, and Sunday as 0 or 7", () => {
    // Act
    const parsed = spec("*/15 9-17/4 * 1,6 0,7");

    // Assert
    expect(parsed.minutes).toEqual([0, 15, 30, 45]);
    expect(parsed.hours).toEqual([9, 13, 17]);
    expect(parsed.months).toEqual([1, 6]);
    expect(parsed.daysOfWeek).toEqual([0]);
  });

  it.each([
    ["0 9 * *", /5 fields/],
    ["60 9 * * *", /minute "60" is outside 0–59/],
    ["0 24 * * *", /hour/],
    ["0 9 0 * *", /day-of-month/],
    ["0 9 * 13 *", /month/],
    ["0 9 * * 8", /day-of-week/],
    ["0 9 1 * 1", /both day-of-month and day-of-week/],
    ["*/0 * * * *", /step of 0/],
    ["5-1 * * * *", /outside/],
    ["a * * * *", /not a number/],
  ])("refuses %s, naming the field", (expression, problem) => {
    // Act
    const parsed = parseCron(expression);

    // Assert
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(problem);
  });

  it("never throws on arbitrary text (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        expect(typeof parseCron(text).ok).toBe("boolean");
      }),
    );
  });
});

describe("nextFire", () => {
  it("finds the next weekday 09:00 in a zone", () => {
    // Arrange: Friday 2027-01-29 10:00 in Berlin (09:00Z)
    const after = Date.UTC(2027, 0, 29, 9, 0);

    // Act
    const next = nextFire(spec("0 9 * * 1-5"), "Europe/Berlin", after);

    // Assert: Monday 09:00 CET = 08:00Z
    expect(iso(next)).toBe("2027-02-01T08:00:00.000Z");
  });

  it("computes an every-minute schedule's next fires with few time-zone lookups (GET /schedules shows every one)", () => {
    // Arrange: every Intl time-zone lookup counted (it was ~57,000 for these five fires: 265 ms)
    const lookups = vi.spyOn(Intl.DateTimeFormat.prototype, "formatToParts");

    // Act
    const fires = nextFires(spec("* * * * *"), "Europe/Berlin", Date.UTC(2027, 0, 31, 8, 0, 30), 5).map(iso);

    // Assert
    expect(fires).toEqual(["01", "02", "03", "04", "05"].map((minute) => `2027-01-31T08:${minute}:00.000Z`));
    expect(lookups.mock.calls.length).toBeLessThan(200);
    lookups.mockRestore();
  });

  it("fires every minute through a fall-back overlap once, at the first occurrence", () => {
    // Arrange: Berlin's 02:00–03:00 happens twice on 2027-10-31 (00:00Z–01:00Z, then 01:00Z–02:00Z)
    const after = Date.UTC(2027, 9, 31, 0, 58);

    // Act
    const fires = nextFires(spec("* * * * *"), "Europe/Berlin", after, 3).map(iso);

    // Assert: 02:59 CEST, then 03:00 CET (02:00–02:59 CET repeat nothing)
    expect(fires).toEqual([
      "2027-10-31T00:59:00.000Z",
      "2027-10-31T02:00:00.000Z",
      "2027-10-31T02:01:00.000Z",
    ]);
  });

  it("fires a wall time that the spring-forward gap skips once, shifted by the gap", () => {
    // Arrange: Berlin skips 02:00–03:00 on 2027-03-28
    const cron = spec("30 2 * * *");

    // Act
    const fires = nextFires(cron, "Europe/Berlin", Date.UTC(2027, 2, 26, 12), 3).map(iso);

    // Assert
    expect(fires).toEqual([
      "2027-03-27T01:30:00.000Z",
      "2027-03-28T01:30:00.000Z",
      "2027-03-29T00:30:00.000Z",
    ]);
  });

  it("fires a wall time that the fall-back overlap repeats once, at its first occurrence", () => {
    // Arrange: Berlin shows 02:00–03:00 twice on 2027-10-31
    const cron = spec("30 2 * * *");

    // Act
    const fires = nextFires(cron, "Europe/Berlin", Date.UTC(2027, 9, 30, 12), 2).map(iso);

    // Assert
    expect(fires).toEqual(["2027-10-31T00:30:00.000Z", "2027-11-01T01:30:00.000Z"]);
  });

  it("keeps ticks strictly increasing and unique across both DST changes; a repeated wall hour fires once", () => {
    // Act
    const spring = nextFires(spec("*/30 * * * *"), "America/New_York", Date.UTC(2027, 2, 14, 5), 8);
    const fall = nextFires(spec("*/30 * * * *"), "America/New_York", Date.UTC(2027, 10, 7, 4), 8);

    // Assert
    for (const fires of [spring, fall]) {
      expect(new Set(fires).size).toBe(fires.length);
      expect([...fires].sort((a, b) => a - b)).toEqual(fires);
    }
    expect(fall.map(iso).slice(1, 5)).toEqual([
      "2027-11-07T05:00:00.000Z",
      "2027-11-07T05:30:00.000Z",
      "2027-11-07T07:00:00.000Z",
      "2027-11-07T07:30:00.000Z",
    ]);
  });

  it("skips months without the day (31st) and waits for a leap day", () => {
    // Act
    const monthEnds = nextFires(spec("0 0 31 * *"), "UTC", Date.UTC(2027, 2, 31, 1), 2).map(iso);
    const leapDay = iso(nextFire(spec("0 12 29 2 *"), "Asia/Tokyo", Date.UTC(2027, 0, 1)));
    const after2096 = iso(nextFire(spec("0 0 29 2 *"), "UTC", Date.UTC(2096, 2, 1)));

    // Assert
    expect(monthEnds).toEqual(["2027-05-31T00:00:00.000Z", "2027-07-31T00:00:00.000Z"]);
    expect(leapDay).toBe("2028-02-29T03:00:00.000Z");
    expect(after2096).toBe("2104-02-29T00:00:00.000Z");
  });

  it("handles a half-hour DST change (Lord Howe Island)", () => {
    // Act: 02:00 → 02:30 on 2027-10-03
    const next = iso(nextFire(spec("15 2 * * *"), "Australia/Lord_Howe", Date.UTC(2027, 9, 2, 12)));

    // Assert: 02:15 does not exist; fires at 02:45 (+11:00)
    expect(next).toBe("2027-10-02T15:45:00.000Z");
  });

  it("knows time zones by their canonical names, not offsets", () => {
    expect(canonicalTimeZone("Europe/Berlin")).toBe("Europe/Berlin");
    expect(canonicalTimeZone("utc")).toBe("UTC");
    expect(canonicalTimeZone("Mars/Olympus")).toBeUndefined();
    expect(canonicalTimeZone("-03:30")).toBeUndefined();
    expect(canonicalTimeZone("")).toBeUndefined();
  });

  it("names the schedule and the tick in fifoq's own dedupId", () => {
    expect(tickDedupId("daily-report", Date.UTC(2027, 0, 31, 9))).toBe(
      "fifoq-tick-daily-report-20270131T090000Z",
    );
  });
});
