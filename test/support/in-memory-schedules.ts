import { type ResolvedScheduleConfig, resolveSchedules } from "../../functions/core/config/schedules";
import type { ManageDeps } from "../../functions/core/schedules/manage";
import type {
  SchedulePort,
  ScheduleRecord,
  ScheduleState,
  ScheduleStore,
} from "../../functions/core/schedules/types";

export interface InMemoryScheduleStore extends ScheduleStore {
  readonly records: Map<string, ScheduleRecord>;
}

/** The schedule store with the DynamoDB adapter's semantics, in process (for the core's and routes' tests). */
export const createInMemoryScheduleStore = (): InMemoryScheduleStore => {
  const records = new Map<string, ScheduleRecord>();
  return {
    records,
    get: async (name) => records.get(name),
    async listApi({ after = "", limit }) {
      const names = [...records.keys()].filter((name) => name > after).sort();
      const api = names.flatMap((name) => {
        const record = records.get(name);
        return record?.origin === "api" ? [record] : [];
      });
      return { records: api.slice(0, limit), more: api.length > limit };
    },
    async define(definition, at) {
      // As the DynamoDB store: a replaced API-managed record keeps its flag, a configured one's pause does not carry over
      const current = records.get(definition.name);
      const paused = current?.origin === "api" ? current.paused : false;
      records.set(definition.name, {
        origin: "api",
        name: definition.name,
        paused,
        definition,
        updatedAt: at,
      });
      return { paused };
    },
    async setPaused(name, origin, paused, at) {
      const current = records.get(name);
      if (origin === "api") {
        if (current?.origin !== "api") return false;
        records.set(name, { ...current, paused, updatedAt: at });
      } else records.set(name, { origin, name, paused, updatedAt: at });
      return true;
    },
    async delete(name) {
      if (records.get(name)?.origin !== "api") return false;
      records.delete(name);
      return true;
    },
  };
};

export interface FakeTimer {
  readonly schedule: ResolvedScheduleConfig;
  readonly state: ScheduleState;
}

export interface InMemorySchedulePort extends SchedulePort {
  /** The cron schedules the port holds, by name. */
  readonly timers: Map<string, FakeTimer>;
  /** Every call, in order: `put <name>`, `delete <name>`, `setState <name> <ENABLED|DISABLED>`. */
  readonly calls: string[];
  /** Makes the next call throw (a Scheduler outage). */
  failNext(): void;
}

/** A fake of fifoq's own `SchedulePort` (not of an AWS client): what the API asked the timer to hold. */
export const createInMemorySchedulePort = (): InMemorySchedulePort => {
  const timers = new Map<string, FakeTimer>();
  const calls: string[] = [];
  let failing = false;
  const call = (text: string) => {
    calls.push(text);
    if (!failing) return;
    failing = false;
    throw new Error(`scheduler down: ${text}`);
  };
  return {
    timers,
    calls,
    failNext: () => {
      failing = true;
    },
    async put(schedule, state) {
      call(`put ${schedule.name}`);
      timers.set(schedule.name, { schedule, state });
    },
    async setState(schedule, state) {
      call(`setState ${schedule.name} ${state.paused ? "DISABLED" : "ENABLED"}`);
      timers.set(schedule.name, { schedule, state });
    },
    async delete(name) {
      call(`delete ${name}`);
      timers.delete(name);
    },
  };
};

/**
 * The schedule operations' dependencies on the two in-memory ports, with one configured schedule (`nightly`,
 * 03:00 UTC, on `orders`) and a fixed clock.
 */
export const scheduleKitFixture = (now: number) => {
  const store = createInMemoryScheduleStore();
  const port = createInMemorySchedulePort();
  const declared = resolveSchedules(
    [{ name: "nightly", cron: "0 3 * * *", queue: "orders", groupId: "g", body: { report: true } }],
    ["orders"],
  );
  const deps: ManageDeps = { store, port, declared, queues: ["orders"], now: () => now };
  return { store, port, deps };
};
