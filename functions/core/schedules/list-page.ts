import type { Schedule, ScheduleList } from "../../../contract";
import { countFittingPage } from "../http/page-bytes";
import { encodeScheduleCursor, type ScheduleCursor, type ScheduleListOptions } from "./list-query";
import type { ManageDeps } from "./manage";
import { scheduleView } from "./schedule-view";

/** A schedule of the page, with where it sits in the listing's order. */
interface Entry {
  readonly at: ScheduleCursor;
  readonly view: Schedule;
}

const byName = (a: { readonly name: string }, b: { readonly name: string }) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/** The configured schedules after the cursor, by name: up to `limit` of them, and whether more follow. */
const configuredPage = async (deps: ManageDeps, options: ScheduleListOptions) => {
  if (options.cursor?.section === "api") return { entries: [], more: false };
  const after = options.cursor?.name ?? "";
  const rest = [...deps.declared].sort(byName).filter((schedule) => schedule.name > after);
  const taken = rest.slice(0, options.limit);
  const records = await Promise.all(taken.map((schedule) => deps.store.get(schedule.name)));
  const now = deps.now();
  const entries = taken.map((schedule, index): Entry => {
    const view = scheduleView(schedule, records[index]?.paused ?? false, now);
    return { at: { section: "config", name: schedule.name }, view };
  });
  return { entries, more: rest.length > taken.length };
};

/** The API-managed schedules after the cursor (a name the configuration declares is the configured one). */
const storedPage = async (deps: ManageDeps, options: ScheduleListOptions, limit: number) => {
  const after = options.cursor?.section === "api" ? options.cursor.name : undefined;
  const page = await deps.store.listApi({ after, limit });
  const declared = new Set(deps.declared.map((schedule) => schedule.name));
  const now = deps.now();
  const entries = page.records.flatMap((record): Entry[] =>
    declared.has(record.name)
      ? []
      : [
          {
            at: { section: "api", name: record.name },
            view: scheduleView(record.definition, record.paused, now),
          },
        ],
  );
  const last = page.records.at(-1);
  return { entries, more: page.more, last: last && ({ section: "api", name: last.name } as const) };
};

/**
 * `GET /schedules?limit=&cursor=`: the configured schedules by name, then the API-managed ones by name; a page
 * is cut by count and by bytes (`MAX_PAGE_BYTES`), with `nextCursor` where it stopped when more may follow.
 */
export const listSchedulesPage = async (
  deps: ManageDeps,
  options: ScheduleListOptions,
): Promise<ScheduleList & { readonly nextCursor?: string }> => {
  const configured = await configuredPage(deps, options);
  const stored = configured.more
    ? undefined
    : await storedPage(deps, options, options.limit - configured.entries.length);
  const entries = [...configured.entries, ...(stored?.entries ?? [])];
  const views = entries.map((entry) => entry.view);
  const kept = countFittingPage(views);
  const lastKept = entries[kept - 1]?.at;
  const more = configured.more || stored?.more === true;
  const next =
    kept < entries.length ? lastKept : more ? (stored?.last ?? lastKept ?? options.cursor) : undefined;
  return {
    schedules: views.slice(0, kept),
    ...(next ? { nextCursor: encodeScheduleCursor(next) } : {}),
  };
};
