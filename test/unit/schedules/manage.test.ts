import { describe, expect, it } from "vitest";
import {
  InvalidScheduleDefinitionError,
  ScheduleDeclaredError,
  ScheduleNotFoundError,
} from "../../../functions/core/schedules/errors";
import { listSchedulesPage } from "../../../functions/core/schedules/list-page";
import * as manage from "../../../functions/core/schedules/manage";
import { scheduleKitFixture } from "../../support/in-memory-schedules";

const { deleteSchedule, getSchedule, putSchedule, setSchedulePaused } = manage;
const NOW = Date.UTC(2027, 0, 31, 8, 0);
const definition = {
  cron: "0 9 * * 1-5",
  timezone: "Europe/Berlin",
  queue: "orders",
  groupId: "g",
  body: { n: 1 },
};
const setup = () => scheduleKitFixture(NOW);

describe("putSchedule", () => {
  it("stores the definition first, then puts the cron schedule, and answers it with its next fires", async () => {
    // Arrange
    const { store, port, deps } = setup();

    // Act
    const schedule = await putSchedule(deps, "weekday", definition);

    // Assert
    expect(schedule).toMatchObject({
      name: "weekday",
      paused: false,
      body: { n: 1 },
      timezone: "Europe/Berlin",
    });
    expect(schedule.nextFires[0]).toBe("2027-02-01T08:00:00.000Z");
    expect(store.records.get("weekday")).toMatchObject({ origin: "api", paused: false });
    expect(port.timers.get("weekday")?.state).toEqual({ origin: "api", paused: false });
  });

  it("refuses a name the configuration declares with SCHEDULE_DECLARED and writes nothing", async () => {
    // Arrange
    const { store, port, deps } = setup();

    // Act
    const put = putSchedule(deps, "nightly", definition);

    // Assert
    await expect(put).rejects.toBeInstanceOf(ScheduleDeclaredError);
    await expect(put).rejects.toMatchObject({ status: 409, code: "SCHEDULE_DECLARED" });
    expect(store.records.size).toBe(0);
    expect(port.calls).toEqual([]);
  });

  it.each([
    [{ ...definition, cron: "61 * * * *" }, "cron"],
    [{ ...definition, timezone: "Mars/Olympus" }, "timezone"],
    [{ ...definition, queue: "payments" }, "queue"],
    [{ ...definition, groupId: "" }, "groupId"],
    [{ ...definition, extra: 1 }, "extra"],
    [{ ...definition, name: "other" }, "name"],
    [[definition], "(body)"],
  ])("refuses %j with 400 INVALID_SCHEDULE naming %s, and writes nothing", async (body, field) => {
    // Arrange
    const { store, port, deps } = setup();

    // Act
    const put = putSchedule(deps, "weekday", body);

    // Assert
    await expect(put).rejects.toBeInstanceOf(InvalidScheduleDefinitionError);
    await expect(put).rejects.toMatchObject({ status: 400, code: "INVALID_SCHEDULE", details: [{ field }] });
    expect(store.records.size).toBe(0);
    expect(port.calls).toEqual([]);
  });

  it("refuses a bad path name as the name field", async () => {
    // Arrange
    const { deps } = setup();

    // Act
    const put = putSchedule(deps, "Bad_Name", definition);

    // Assert
    await expect(put).rejects.toMatchObject({ code: "INVALID_SCHEDULE", details: [{ field: "name" }] });
  });

  it("replaces a schedule keeping its paused flag, and a repeated PUT repairs a timer that failed", async () => {
    // Arrange
    const { port, deps } = setup();
    await putSchedule(deps, "weekday", definition);
    await setSchedulePaused(deps, "weekday", true);
    port.failNext();
    await expect(putSchedule(deps, "weekday", { ...definition, cron: "0 10 * * *" })).rejects.toThrow(/down/);

    // Act
    const replaced = await putSchedule(deps, "weekday", { ...definition, cron: "0 10 * * *" });

    // Assert
    expect(replaced).toMatchObject({ cron: "0 10 * * *", paused: true, nextFires: [] });
    expect(port.timers.get("weekday")).toMatchObject({
      schedule: { cron: "0 10 * * *" },
      state: { origin: "api", paused: true },
    });
  });
});

describe("getSchedule and listSchedulesPage", () => {
  it("lists the configured schedules, then the API-managed ones, each with paused and next fires", async () => {
    // Arrange
    const { deps } = setup();
    await putSchedule(deps, "weekday", definition);
    await setSchedulePaused(deps, "nightly", true);

    // Act
    const list = await listSchedulesPage(deps, { limit: 20 });

    // Assert
    expect(list.schedules.map(({ name, paused }) => ({ name, paused }))).toEqual([
      { name: "nightly", paused: true },
      { name: "weekday", paused: false },
    ]);
    expect(list.schedules[0]?.nextFires).toEqual([]);
    expect(list.schedules[1]?.nextFires).toHaveLength(5);
  });

  it("answers a configured schedule with its next fires, and an unknown one with 404 NOT_FOUND", async () => {
    // Arrange
    const { deps } = setup();

    // Act
    const nightly = await getSchedule(deps, "nightly");
    const missing = getSchedule(deps, "missing");

    // Assert
    expect(nightly.nextFires.slice(0, 2)).toEqual(["2027-02-01T03:00:00.000Z", "2027-02-02T03:00:00.000Z"]);
    await expect(missing).rejects.toBeInstanceOf(ScheduleNotFoundError);
  });
});

describe("deleteSchedule", () => {
  it("deletes the record, then the cron schedule; again: 404", async () => {
    // Arrange
    const { store, port, deps } = setup();
    await putSchedule(deps, "weekday", definition);

    // Act
    await deleteSchedule(deps, "weekday");
    const again = deleteSchedule(deps, "weekday");

    // Assert
    await expect(again).rejects.toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect(store.records.has("weekday")).toBe(false);
    expect(port.timers.has("weekday")).toBe(false);
  });

  it("removes a cron schedule a failed DELETE left behind when repeated (and answers 404)", async () => {
    // Arrange
    const { port, deps } = setup();
    await putSchedule(deps, "weekday", definition);
    port.failNext();
    await expect(deleteSchedule(deps, "weekday")).rejects.toThrow(/down/);

    // Act
    const again = deleteSchedule(deps, "weekday");

    // Assert
    await expect(again).rejects.toBeInstanceOf(ScheduleNotFoundError);
    expect(port.timers.has("weekday")).toBe(false);
  });

  it("refuses a configured name with SCHEDULE_DECLARED", async () => {
    // Arrange
    const { port, deps } = setup();

    // Act
    const removal = deleteSchedule(deps, "nightly");

    // Assert
    await expect(removal).rejects.toMatchObject({ status: 409, code: "SCHEDULE_DECLARED" });
    expect(port.calls).toEqual([]);
  });
});

describe("setSchedulePaused", () => {
  it("pauses and resumes a configured schedule: its record's flag, then its cron schedule's state", async () => {
    // Arrange
    const { store, port, deps } = setup();

    // Act
    const paused = await setSchedulePaused(deps, "nightly", true);
    const resumed = await setSchedulePaused(deps, "nightly", false);

    // Assert
    expect(paused).toMatchObject({ paused: true, nextFires: [] });
    expect(resumed.nextFires).toHaveLength(5);
    expect(store.records.get("nightly")).toMatchObject({ origin: "config", paused: false });
    expect(port.calls).toEqual(["setState nightly DISABLED", "setState nightly ENABLED"]);
  });

  it("answers an unknown schedule with 404 and touches nothing", async () => {
    // Arrange
    const { store, port, deps } = setup();

    // Act
    const pause = setSchedulePaused(deps, "missing", true);

    // Assert
    await expect(pause).rejects.toBeInstanceOf(ScheduleNotFoundError);
    expect(store.records.size).toBe(0);
    expect(port.calls).toEqual([]);
  });
});
