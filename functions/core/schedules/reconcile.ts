import type { ResolvedScheduleConfig } from "../config/schedules";
import type { SchedulePort, ScheduleState, ScheduleStore } from "./types";

/** What a schedule's cron schedule (the timer) should be; undefined: it should not exist. */
interface Timer {
  readonly schedule: ResolvedScheduleConfig;
  readonly state: ScheduleState;
}

interface TimerDeps {
  readonly store: ScheduleStore;
  readonly port?: SchedulePort | undefined;
  readonly declared: readonly ResolvedScheduleConfig[];
}

/** How many times a request writes the timer before it leaves the rest to the request that keeps changing it. */
const MAX_WRITES = 3;

/** The timer the record (and, for a configured name, the configuration) asks for now. */
const wantedTimer = async (deps: TimerDeps, name: string): Promise<Timer | undefined> => {
  const declared = deps.declared.find((schedule) => schedule.name === name);
  const record = await deps.store.get(name);
  if (declared) return { schedule: declared, state: { origin: "config", paused: record?.paused ?? false } };
  if (record?.origin !== "api") return undefined;
  return { schedule: record.definition, state: { origin: "api", paused: record.paused } };
};

/** What Scheduler holds of a timer (an API-managed tick reads its body from the record). */
const timerKey = (timer: Timer | undefined): string => {
  if (!timer) return "none";
  const { cron, timezone, queue, groupId } = timer.schedule;
  return JSON.stringify([cron, timezone, queue, groupId, timer.state.origin, timer.state.paused]);
};

/** `create`: a PUT's timer, most likely new (create first); else one that most likely exists (update first). */
const write = (port: SchedulePort, name: string, timer: Timer | undefined, create: boolean) => {
  if (!timer) return port.delete(name);
  return create ? port.put(timer.schedule, timer.state) : port.setState(timer.schedule, timer.state);
};

/**
 * Writes `timer` (what this request made the record say), then reads the record again and writes what it says
 * now until the two agree: a request that raced this one (another PUT, a pause, a DELETE) wrote its timer in
 * between, and the record is what wins, never the slower request's timer.
 */
export const reconcileTimer = async (
  deps: TimerDeps,
  name: string,
  timer: Timer | undefined,
  options: { readonly create?: boolean } = {},
): Promise<void> => {
  const { port } = deps;
  if (!port) return;
  let next = timer;
  for (let writes = 0; writes < MAX_WRITES; writes += 1) {
    await write(port, name, next, writes === 0 && options.create === true);
    const wanted = await wantedTimer(deps, name);
    if (timerKey(wanted) === timerKey(next)) return;
    next = wanted;
  }
};
