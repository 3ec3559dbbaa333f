import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { isPlainObject } from "../../../functions/core/producer/fields";
import { LocalStateError } from "../../errors";
import { NAME, parseDefinition, type StoredSchedule } from "./schedule";

/** The emulator's schedules by group and name, kept in one JSON file when given (written whole, atomically). */
export interface ScheduleStore {
  get(group: string, name: string): StoredSchedule | undefined;
  put(schedule: StoredSchedule): void;
  delete(group: string, name: string): boolean;
  /** Every schedule, by group then name. */
  all(): StoredSchedule[];
}

const keyOf = (group: string, name: string) => `${group}/${name}`;

const FORMAT = 1;

const timestamp = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

/** One kept schedule, checked as the API checks a request (the file is ours, but a hand edit must not crash us). */
const readSchedule = (file: string, raw: unknown): StoredSchedule => {
  if (!isPlainObject(raw)) throw new LocalStateError(file, "holds a schedule that is not an object");
  const { Name, GroupName, CreationDate, LastModificationDate, lastFire, StartDate, EndDate } = raw;
  const names =
    typeof Name === "string" && NAME.test(Name) && typeof GroupName === "string" && NAME.test(GroupName);
  const dates =
    timestamp(CreationDate) &&
    timestamp(LastModificationDate) &&
    (lastFire === undefined || timestamp(lastFire));
  if (!names || !dates)
    throw new LocalStateError(file, "holds a schedule without a valid name, group or dates");
  try {
    // The definition's dates are kept in ms; the API's are seconds.
    const toSeconds = (value: unknown) => (timestamp(value) ? value / 1000 : value);
    const definition = parseDefinition({
      ...raw,
      StartDate: toSeconds(StartDate),
      EndDate: toSeconds(EndDate),
    });
    return { ...definition, Name, GroupName, CreationDate, LastModificationDate, lastFire };
  } catch (cause) {
    throw new LocalStateError(
      file,
      `holds schedule ${GroupName}/${Name} that is not valid (${String(cause)})`,
      { cause },
    );
  }
};

const load = (file: string): StoredSchedule[] => {
  if (!existsSync(file)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (cause) {
    throw new LocalStateError(file, "cannot be read as JSON", { cause });
  }
  const schedules = isPlainObject(parsed) && parsed.format === FORMAT ? parsed.schedules : undefined;
  if (!Array.isArray(schedules))
    throw new LocalStateError(file, `must hold { "format": ${FORMAT}, "schedules": [...] }`);
  return schedules.map((raw) => readSchedule(file, raw));
};

/** Writes the whole file beside itself, then renames it over the old one: a crash leaves the old or the new. */
const save = (file: string, schedules: readonly StoredSchedule[]): void => {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ format: FORMAT, schedules })}\n`, { mode: 0o600 });
  renameSync(temporary, file);
};

/** The store, loaded from `file` (when given) and written back on every change. */
export const openScheduleStore = (file?: string): ScheduleStore => {
  const schedules = new Map<string, StoredSchedule>();
  for (const schedule of file ? load(file) : [])
    schedules.set(keyOf(schedule.GroupName, schedule.Name), schedule);
  // By code unit, as ListSchedules' NextToken compares.
  const all = () =>
    [...schedules.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, schedule]) => schedule);
  const persist = () => {
    if (file) save(file, all());
  };
  return {
    get: (group, name) => schedules.get(keyOf(group, name)),
    put(schedule) {
      schedules.set(keyOf(schedule.GroupName, schedule.Name), schedule);
      persist();
    },
    delete(group, name) {
      const deleted = schedules.delete(keyOf(group, name));
      if (deleted) persist();
      return deleted;
    },
    all,
  };
};
