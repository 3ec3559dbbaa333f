import { checkAttributes, checkId, isPlainObject } from "../producer/fields";
import { bytes } from "../producer/message-size";
import { MAX_SCHEDULED_BYTES } from "../scheduled/release-time";
import { isScheduledId } from "../scheduled/rules";
import { parseCron } from "../schedules/cron";
import { canonicalTimeZone } from "../schedules/zone";
import { QUEUE_NAME_PATTERN } from "./defaults";
import { ConfigError } from "./errors";
import type { ScheduleConfig } from "./types";

/** A recurring schedule with every value checked; `body` is the exact SQS message body. */
export interface ResolvedScheduleConfig {
  readonly name: string;
  readonly cron: string;
  readonly timezone: string;
  readonly queue: string;
  readonly groupId: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** A field of a schedule has a value outside what is allowed. */
export class InvalidScheduleError extends ConfigError {
  override name = "InvalidScheduleError";

  constructor(
    schedule: string,
    readonly field: string,
    value: unknown,
    allowed: string,
  ) {
    const shown = JSON.stringify(value) ?? String(value);
    super(`schedule "${schedule}": ${field} = ${shown.slice(0, 200)} is not allowed; ${allowed}`);
  }
}

/**
 * A schedule name: 1 to 64 of `a-z`, `0-9`, `-`, and not of the form of a delayed message's one-time Scheduler
 * schedule (its scheduled id, `-`, its queue) in the same schedule group — or a PUT or DELETE of that name would
 * replace or delete it, and the message would never be released.
 */
export const isScheduleName = (name: string): boolean =>
  QUEUE_NAME_PATTERN.test(name) && !(isScheduledId(name.slice(0, 25)) && name.charAt(25) === "-");

const FIELDS = ["name", "cron", "timezone", "queue", "groupId", "body", "attributes"];

const check = (ok: boolean, schedule: string, field: string, value: unknown, allowed: string) => {
  if (!ok) throw new InvalidScheduleError(schedule, field, value, allowed);
};

/**
 * Checks one schedule (`#index` names it while its name is unknown): THE validator of a schedule, for the
 * configuration and for `PUT /schedules/{name}` alike. Throws `InvalidScheduleError` naming the field.
 */
export const resolveSchedule = (
  raw: ScheduleConfig,
  index: number,
  queues: readonly string[],
): ResolvedScheduleConfig => {
  check(
    isPlainObject(raw),
    `#${index}`,
    "(schedule)",
    raw,
    "an object { name, cron, timezone?, queue, groupId, body, attributes? }",
  );
  const name: unknown = raw.name;
  const label = typeof name === "string" ? name : `#${index}`;
  check(
    typeof name === "string" && isScheduleName(name),
    label,
    "name",
    name,
    "1 to 64 characters of a-z, 0-9 and '-', not 25 letters and digits then '-' (a delayed message's schedule)",
  );
  const unknown = Object.keys(raw).find((key) => !FIELDS.includes(key));
  check(
    unknown === undefined,
    label,
    String(unknown),
    "(field)",
    `not a known field; allowed: ${FIELDS.join(", ")}`,
  );
  const cron = typeof raw.cron === "string" ? parseCron(raw.cron) : undefined;
  check(
    cron?.ok === true,
    label,
    "cron",
    raw.cron,
    cron && !cron.ok ? cron.problem : 'a five-field cron, e.g. "0 9 * * 1-5"',
  );
  const given = raw.timezone ?? "UTC";
  const timezone = typeof given === "string" ? canonicalTimeZone(given) : undefined;
  check(
    timezone !== undefined,
    label,
    "timezone",
    raw.timezone,
    'an IANA time zone name, e.g. "Europe/Berlin" (default "UTC"; not an offset)',
  );
  check(
    typeof raw.queue === "string" && queues.includes(raw.queue),
    label,
    "queue",
    raw.queue,
    `one of the configured queues: ${queues.join(", ")}`,
  );
  const groupProblem = checkId(raw.groupId);
  check(groupProblem === undefined, label, "groupId", raw.groupId, groupProblem ?? "");
  const body = JSON.stringify(raw.body);
  check(
    body !== undefined && bytes(body) <= MAX_SCHEDULED_BYTES,
    label,
    "body",
    raw.body,
    `any JSON value of at most ${MAX_SCHEDULED_BYTES} bytes`,
  );
  const attributeIssues = raw.attributes === undefined ? [] : checkAttributes(raw.attributes);
  check(attributeIssues.length === 0, label, "attributes", raw.attributes, attributeIssues[0]?.message ?? "");
  const attributes: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(raw.attributes ?? {})) attributes[key] = String(value);
  return {
    name: label,
    cron: String(raw.cron),
    timezone: String(timezone),
    queue: String(raw.queue),
    groupId: String(raw.groupId),
    body: String(body),
    attributes,
  };
};

/** Checks `schedules` (synth and `npm start` alike): each field, each name once, each queue configured. */
export const resolveSchedules = (value: unknown, queues: readonly string[]): ResolvedScheduleConfig[] => {
  if (value === undefined) return [];
  if (!Array.isArray(value))
    throw new InvalidScheduleError("(config)", "schedules", value, "an array of schedules");
  const resolved = value.map((raw: ScheduleConfig, index) => resolveSchedule(raw, index, queues));
  const names = new Set<string>();
  for (const schedule of resolved) {
    check(!names.has(schedule.name), schedule.name, "name", schedule.name, "each schedule name only once");
    names.add(schedule.name);
  }
  return resolved;
};
