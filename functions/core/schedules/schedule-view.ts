import type { Schedule } from "../../../contract";
import type { ResolvedScheduleConfig } from "../config/schedules";
import { parseCron } from "./cron";
import { nextFires } from "./next-fire";

/** How many fire times `GET /schedules[/{name}]` shows. */
export const NEXT_FIRES_SHOWN = 5;

/** A schedule as the wire shows it: its fields (the body parsed back to JSON), paused, its next fires. */
export const scheduleView = (schedule: ResolvedScheduleConfig, paused: boolean, now: number): Schedule => {
  const parsed = parseCron(schedule.cron);
  const fires = paused || !parsed.ok ? [] : nextFires(parsed.spec, schedule.timezone, now, NEXT_FIRES_SHOWN);
  const hasAttributes = Object.keys(schedule.attributes).length > 0;
  return {
    name: schedule.name,
    cron: schedule.cron,
    timezone: schedule.timezone,
    queue: schedule.queue,
    groupId: schedule.groupId,
    body: JSON.parse(schedule.body) as unknown,
    ...(hasAttributes ? { attributes: { ...schedule.attributes } } : {}),
    paused,
    nextFires: fires.map((fire) => new Date(fire).toISOString()),
  } satisfies Schedule;
};
