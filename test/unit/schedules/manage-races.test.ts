import { describe, expect, it } from "vitest";
import { deleteSchedule, putSchedule, setSchedulePaused } from "../../../functions/core/schedules/manage";
import type { SchedulePort } from "../../../functions/core/schedules/types";
import { scheduleKitFixture } from "../../support/in-memory-schedules";

const NOW = Date.UTC(2027, 0, 31, 8, 0);
const definition = { cron: "0 9 * * *", queue: "orders", groupId: "g", body: { n: 1 } };

/**
 * The in-memory kit whose timer runs `meanwhile` (another whole request) once, just before the first timer
 * write goes through: the slower request's write then lands last.
 */
const racing = () => {
  const fixture = scheduleKitFixture(NOW);
  let meanwhile: (() => Promise<unknown>) | undefined;
  const first = async () => {
    const other = meanwhile;
    meanwhile = undefined;
    await other?.();
  };
  const port: SchedulePort = {
    put: async (schedule, state) => first().then(() => fixture.port.put(schedule, state)),
    setState: async (schedule, state) => first().then(() => fixture.port.setState(schedule, state)),
    delete: async (name) => first().then(() => fixture.port.delete(name)),
  };
  const deps = { ...fixture.deps, port };
  const during = (request: () => Promise<unknown>) => {
    meanwhile = request;
  };
  return { ...fixture, deps, during };
};

describe("schedule requests that race", () => {
  it("leaves the timer on the stored definition when two PUTs race (not on the slower one's)", async () => {
    // Arrange: PUT 09:00 writes its record, then PUT 17:00 runs whole, then 09:00's timer write lands
    const { store, port, deps, during } = racing();
    during(() => putSchedule(deps, "daily", { ...definition, cron: "0 17 * * *" }));

    // Act
    await putSchedule(deps, "daily", definition);

    // Assert
    const record = store.records.get("daily");
    expect(record?.origin === "api" && record.definition.cron).toBe("0 17 * * *");
    expect(port.timers.get("daily")?.schedule.cron).toBe("0 17 * * *");
  });

  it("leaves no timer when a pause races a DELETE (the pause's timer write came last)", async () => {
    // Arrange
    const { store, port, deps, during } = racing();
    await putSchedule(deps, "daily", definition);
    during(() => deleteSchedule(deps, "daily"));

    // Act
    await setSchedulePaused(deps, "daily", true);

    // Assert
    expect(store.records.has("daily")).toBe(false);
    expect(port.timers.has("daily")).toBe(false);
  });

  it("keeps the timer of a schedule a PUT re-created while a DELETE's timer write was on its way", async () => {
    // Arrange
    const { store, port, deps, during } = racing();
    await putSchedule(deps, "daily", definition);
    during(() => putSchedule(deps, "daily", { ...definition, cron: "0 17 * * *" }));

    // Act
    await deleteSchedule(deps, "daily");

    // Assert
    expect(store.records.get("daily")?.origin).toBe("api");
    expect(port.timers.get("daily")?.schedule.cron).toBe("0 17 * * *");
  });
});
