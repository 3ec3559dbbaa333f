import type { Schedule } from "../../../contract";
import {
  InvalidScheduleError,
  isScheduleName,
  type ResolvedScheduleConfig,
  resolveSchedule,
} from "../config/schedules";
import type { ScheduleConfig } from "../config/types";
import { isPlainObject } from "../producer/fields";
import { InvalidScheduleDefinitionError, ScheduleDeclaredError, ScheduleNotFoundError } from "./errors";
import { reconcileTimer } from "./reconcile";
import { scheduleView } from "./schedule-view";
import type { ScheduleOrigin, SchedulePort, ScheduleStore } from "./types";

export interface ManageDeps {
  readonly store: ScheduleStore;
  /** The cron timer (EventBridge Scheduler). Unset: the record alone (a deployment without Scheduler). */
  readonly port?: SchedulePort | undefined;
  /** The configuration's schedules, as deployed. */
  readonly declared: readonly ResolvedScheduleConfig[];
  /** The configured queues' names. */
  readonly queues: readonly string[];
  readonly now: () => number;
}

interface Found {
  readonly schedule: ResolvedScheduleConfig;
  readonly origin: ScheduleOrigin;
  readonly paused: boolean;
}

const declaredNamed = (deps: ManageDeps, name: string) =>
  deps.declared.find((schedule) => schedule.name === name);

/** The schedule of that name, configured or API-managed, with its paused flag; 404 when there is none. */
const find = async (deps: ManageDeps, name: string): Promise<Found> => {
  const declared = declaredNamed(deps, name);
  const record = isScheduleName(name) ? await deps.store.get(name) : undefined;
  if (declared) return { schedule: declared, origin: "config", paused: record?.paused ?? false };
  if (record?.origin === "api") return { schedule: record.definition, origin: "api", paused: record.paused };
  throw new ScheduleNotFoundError(name);
};

export const getSchedule = async (deps: ManageDeps, name: string): Promise<Schedule> => {
  const found = await find(deps, name);
  return scheduleView(found.schedule, found.paused, deps.now());
};

/** The body of a PUT, checked by the configuration's own validator; a wrong field is a 400 naming it. */
export const resolveDefinition = (
  name: string,
  body: unknown,
  queues: readonly string[],
): ResolvedScheduleConfig => {
  if (!isPlainObject(body))
    throw new InvalidScheduleDefinitionError("(body)", "the body must be a JSON object { cron, queue, ... }");
  if (Object.hasOwn(body, "name") && body.name !== name)
    throw new InvalidScheduleDefinitionError("name", "the body's name must be absent or the path's name");
  try {
    return resolveSchedule({ ...body, name } as unknown as ScheduleConfig, 0, queues);
  } catch (error) {
    if (!(error instanceof InvalidScheduleError)) throw error;
    const message = error.message.replace(/^fifoq config: /, "");
    throw new InvalidScheduleDefinitionError(error.field, message, { cause: error });
  }
};

/**
 * `PUT /schedules/{name}`: creates or replaces an API-managed schedule (a replaced one keeps its paused flag).
 * The record first, then the timer (`reconcileTimer`: the record's, should another request race this one); a
 * crash between them is repaired by the same PUT again.
 */
export const putSchedule = async (deps: ManageDeps, name: string, body: unknown): Promise<Schedule> => {
  if (declaredNamed(deps, name)) throw new ScheduleDeclaredError(name, "replaced");
  const definition = resolveDefinition(name, body, deps.queues);
  const { paused } = await deps.store.define(definition, deps.now());
  const timer = { schedule: definition, state: { origin: "api", paused } } as const;
  await reconcileTimer(deps, name, timer, { create: true });
  return scheduleView(definition, paused, deps.now());
};

/**
 * `DELETE /schedules/{name}`: the record, then the timer — the timer even when the record is gone already, so
 * repeating a DELETE that failed halfway removes what it left (and answers 404).
 */
export const deleteSchedule = async (deps: ManageDeps, name: string): Promise<void> => {
  if (declaredNamed(deps, name)) throw new ScheduleDeclaredError(name, "deleted");
  if (!isScheduleName(name)) throw new ScheduleNotFoundError(name);
  const existed = await deps.store.delete(name);
  await reconcileTimer(deps, name, undefined);
  if (!existed) throw new ScheduleNotFoundError(name);
};

/** `POST /schedules/{name}/pause|resume`, for any schedule: the record's flag, then the timer's state. */
export const setSchedulePaused = async (
  deps: ManageDeps,
  name: string,
  paused: boolean,
): Promise<Schedule> => {
  const found = await find(deps, name);
  if (!(await deps.store.setPaused(name, found.origin, paused, deps.now())))
    throw new ScheduleNotFoundError(name);
  await reconcileTimer(deps, name, { schedule: found.schedule, state: { origin: found.origin, paused } });
  return scheduleView(found.schedule, paused, deps.now());
};
