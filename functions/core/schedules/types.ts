import type { ResolvedScheduleConfig } from "../config/schedules";

/** Where a schedule's definition comes from: the configuration (deployed by CDK) or `PUT /schedules/{name}`. */
export type ScheduleOrigin = "config" | "api";

/**
 * The stored record of a schedule, the source of truth of what its ticks do: an API-managed schedule's
 * definition, and the paused flag of any schedule (a configured one has a record only once paused or resumed).
 */
export type ScheduleRecord =
  | {
      readonly origin: "api";
      readonly name: string;
      readonly paused: boolean;
      readonly definition: ResolvedScheduleConfig;
      readonly updatedAt: number;
    }
  | {
      readonly origin: "config";
      readonly name: string;
      readonly paused: boolean;
      readonly updatedAt: number;
    };

/** The record of an API-managed schedule. */
export type ApiScheduleRecord = Extract<ScheduleRecord, { readonly origin: "api" }>;

/** A page of API-managed records, by name; `more` when some follow the last one. */
export interface ApiSchedulePage {
  readonly records: readonly ApiScheduleRecord[];
  readonly more: boolean;
}

/** The schedule records (DynamoDB in both deployments). */
export interface ScheduleStore {
  get(name: string): Promise<ScheduleRecord | undefined>;
  /**
   * The API-managed records named after `after` (all when unset), by name (byte order), at most `limit` of them
   * (0: only whether there are any).
   */
  listApi(page: { readonly after?: string | undefined; readonly limit: number }): Promise<ApiSchedulePage>;
  /**
   * Creates or replaces an API-managed schedule's definition, keeping its paused flag (false when new); answers
   * the flag. One conditional-free update: a pause racing it is kept.
   */
  define(definition: ResolvedScheduleConfig, at: number): Promise<{ readonly paused: boolean }>;
  /**
   * Sets the paused flag. `api`: only on an existing API-managed record (false when there is none, e.g. deleted
   * meanwhile); `config`: creates the record if needed.
   */
  setPaused(name: string, origin: ScheduleOrigin, paused: boolean, at: number): Promise<boolean>;
  /** Deletes an API-managed record; false when there was none. */
  delete(name: string): Promise<boolean>;
}

/** What the cron schedule of a schedule targets, with how it is to run. */
export interface ScheduleState {
  readonly origin: ScheduleOrigin;
  readonly paused: boolean;
}

/**
 * The timer that fires a schedule's ticks (EventBridge Scheduler in the cloud). Every call is idempotent, so a
 * request that failed after the record was written is repaired by repeating it.
 */
export interface SchedulePort {
  /** Creates or replaces the cron schedule of `schedule`. */
  put(schedule: ResolvedScheduleConfig, state: ScheduleState): Promise<void>;
  /** Deletes it; one that does not exist is no error. */
  delete(name: string): Promise<void>;
  /** Enables or disables it (its definition is sent again, as Scheduler's update replaces the whole schedule). */
  setState(schedule: ResolvedScheduleConfig, state: ScheduleState): Promise<void>;
}
