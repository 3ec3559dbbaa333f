import { escapeText } from "../../escape-text.js";
import type { Schedule, ScheduleDefinition } from "../../types.js";
import type { CliContext } from "../context.js";
import type { Column } from "../output.js";
import { EXIT, UsageError } from "../usage-error.js";

/** `2024-05-01T12:00:03.123Z` → `2024-05-01 12:00:03`. */
const when = (iso: string | undefined): string =>
  iso ? iso.replace("T", " ").replace(/\.\d+Z$|Z$/, "") : "";

const COLUMNS: readonly Column<Schedule>[] = [
  { header: "NAME", value: (row) => row.name, maxWidth: 40 },
  { header: "CRON", value: (row) => row.cron },
  { header: "TIME ZONE", value: (row) => row.timezone ?? "UTC" },
  { header: "QUEUE", value: (row) => row.queue },
  {
    header: "STATE",
    value: (row) => (row.paused ? "paused" : "active"),
    tone: (row) => (row.paused ? "yellow" : "green"),
  },
  { header: "NEXT FIRE (UTC)", value: (row) => (row.paused ? "" : when(row.nextFires[0])) },
];

const needName = (name: string | undefined): string => {
  if (name === undefined) throw new UsageError("give the <name> of a schedule (fifoq schedules list)");
  return name;
};

const printOne = (ctx: CliContext, schedule: Schedule, verb?: string): void => {
  if (ctx.output.json) {
    ctx.output.data(schedule);
    return;
  }
  if (verb) ctx.output.line(`${ctx.output.paint(verb, "green")} ${escapeText(schedule.name)}`);
  ctx.output.table([schedule], COLUMNS);
  const fires = schedule.paused ? [] : schedule.nextFires.slice(0, 5).map(when);
  if (fires.length > 0) ctx.output.line(`next fires: ${escapeText(fires.join(", "))}`);
};

/** `fifoq schedules list`. */
export const list = async (ctx: CliContext): Promise<number> => {
  const schedules = await (await ctx.client("operator")).schedules();
  if (ctx.output.json) ctx.output.data({ schedules });
  else if (schedules.length === 0) ctx.output.line("no schedules");
  else ctx.output.table(schedules, COLUMNS);
  return EXIT.ok;
};

/** `fifoq schedules show <name>`: the schedule and its next five fire times. */
export const show = async (ctx: CliContext, name: string | undefined): Promise<number> => {
  printOne(ctx, await (await ctx.client("operator")).getSchedule(needName(name)));
  return EXIT.ok;
};

const parseDefinition = (text: string, source: string): ScheduleDefinition => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source} is not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UsageError(
      `${source} must be a JSON object { cron, timezone?, queue, groupId, body, attributes? }`,
    );
  }
  return value as ScheduleDefinition;
};

/** `fifoq schedules put <name> <json> | --file <path|->`: creates or replaces it (the API validates it). */
export const put = async (
  ctx: CliContext,
  name: string | undefined,
  json: string | undefined,
  file: string | undefined,
): Promise<number> => {
  if ((json === undefined) === (file === undefined))
    throw new UsageError("give the definition as a <json> argument or with --file <path|->, one of the two");
  const definition =
    file === undefined
      ? parseDefinition(json ?? "", "<json>")
      : parseDefinition(await ctx.readInput(file), file);
  printOne(ctx, await (await ctx.client("operator")).putSchedule(needName(name), definition), "saved");
  return EXIT.ok;
};

/** `fifoq schedules delete <name>`. */
export const remove = async (ctx: CliContext, name: string | undefined): Promise<number> => {
  const target = needName(name);
  await (await ctx.client("operator")).deleteSchedule(target);
  if (ctx.output.json) ctx.output.data({ name: target, deleted: true });
  else ctx.output.line(`${ctx.output.paint("deleted", "dim")} ${escapeText(target)}`);
  return EXIT.ok;
};

/** `fifoq schedules pause|resume <name>`. */
export const setPaused = async (
  ctx: CliContext,
  name: string | undefined,
  paused: boolean,
): Promise<number> => {
  const client = await ctx.client("operator");
  const target = needName(name);
  const schedule = paused ? await client.pauseSchedule(target) : await client.resumeSchedule(target);
  printOne(ctx, schedule, paused ? "paused" : "resumed");
  return EXIT.ok;
};
