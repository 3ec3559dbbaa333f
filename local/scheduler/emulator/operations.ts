import { isPlainObject } from "../../../functions/core/producer/fields";
import { invalid, SchedulerApiError } from "./errors";
import type { ScheduleRunner } from "./runner";
import { NAME, parseDefinition, type StoredSchedule } from "./schedule";
import type { ScheduleStore } from "./store";

export interface OperationsDeps {
  readonly store: ScheduleStore;
  readonly runner: ScheduleRunner;
  readonly now: () => number;
  /** The schedule groups that exist (`default` and the stack's). */
  readonly groups: ReadonlySet<string>;
  readonly arnOf: (schedule: Pick<StoredSchedule, "GroupName" | "Name">) => string;
}

/** A request's query string: one value per name (the last), in a null-prototype map. */
export type Query = Readonly<Record<string, string>>;

const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

const groupOf = (deps: OperationsDeps, group: unknown): string => {
  const name = group === undefined ? "default" : group;
  if (typeof name !== "string" || !NAME.test(name)) throw invalid("GroupName is not valid");
  if (!deps.groups.has(name))
    throw new SchedulerApiError("ResourceNotFoundException", `Schedule group ${name} does not exist.`);
  return name;
};

const nameOf = (name: string): string => {
  if (!NAME.test(name)) throw invalid("Name must be 1 to 64 characters of [0-9a-zA-Z-_.]");
  return name;
};

const existing = (deps: OperationsDeps, group: string, name: string): StoredSchedule => {
  const found = deps.store.get(group, name);
  if (!found) throw new SchedulerApiError("ResourceNotFoundException", `Schedule ${name} does not exist.`);
  return found;
};

const bodyGroup = (body: unknown) => (isPlainObject(body) ? body.GroupName : undefined);

/** CreateSchedule: a new schedule armed at once; an existing name is a `ConflictException` (a retried request with its ClientToken is not). */
export const createSchedule = (deps: OperationsDeps, rawName: string, body: unknown) => {
  const name = nameOf(rawName);
  const group = groupOf(deps, bodyGroup(body));
  const definition = parseDefinition(body);
  const found = deps.store.get(group, name);
  if (found) {
    if (definition.ClientToken !== undefined && found.ClientToken === definition.ClientToken)
      return { ScheduleArn: deps.arnOf(found) };
    throw new SchedulerApiError("ConflictException", `Schedule ${name} already exists.`);
  }
  const now = deps.now();
  const schedule: StoredSchedule = {
    ...definition,
    Name: name,
    GroupName: group,
    CreationDate: now,
    LastModificationDate: now,
  };
  deps.store.put(schedule);
  deps.runner.arm(schedule);
  return { ScheduleArn: deps.arnOf(schedule) };
};

/** UpdateSchedule: replaces the whole definition (as Scheduler does) and re-arms from now. */
export const updateSchedule = (deps: OperationsDeps, rawName: string, body: unknown) => {
  const name = nameOf(rawName);
  const group = groupOf(deps, bodyGroup(body));
  const definition = parseDefinition(body);
  const found = existing(deps, group, name);
  const schedule: StoredSchedule = {
    ...definition,
    Name: name,
    GroupName: group,
    CreationDate: found.CreationDate,
    LastModificationDate: Math.max(deps.now(), found.LastModificationDate + 1),
  };
  deps.store.put(schedule);
  deps.runner.arm(schedule);
  return { ScheduleArn: deps.arnOf(schedule) };
};

export const deleteSchedule = (deps: OperationsDeps, rawName: string, query: Query) => {
  const name = nameOf(rawName);
  const group = groupOf(deps, query.groupName);
  existing(deps, group, name);
  deps.runner.disarm(group, name);
  deps.store.delete(group, name);
  return {};
};

export const getSchedule = (deps: OperationsDeps, rawName: string, query: Query) => {
  const schedule = existing(deps, groupOf(deps, query.groupName), nameOf(rawName));
  const { lastFire: _lastFire, ClientToken: _token, Name, GroupName, ...definition } = schedule;
  return {
    ...definition,
    Arn: deps.arnOf(schedule),
    Name,
    GroupName,
    StartDate: seconds(schedule.StartDate),
    EndDate: seconds(schedule.EndDate),
    CreationDate: seconds(schedule.CreationDate),
    LastModificationDate: seconds(schedule.LastModificationDate),
  };
};

const token = {
  of: (schedule: StoredSchedule) =>
    Buffer.from(`${schedule.GroupName}/${schedule.Name}`).toString("base64url"),
  read: (text: string) => {
    const key = Buffer.from(text, "base64url").toString("utf8");
    if (!/^[0-9a-zA-Z\-_.]{1,64}\/[0-9a-zA-Z\-_.]{1,64}$/.test(key)) throw invalid("NextToken is not valid");
    return key;
  },
};

/** ListSchedules: by group and name, filtered by ScheduleGroup, NamePrefix and State, 100 a page at most. */
export const listSchedules = (deps: OperationsDeps, query: Query) => {
  const limit = query.MaxResults === undefined ? 100 : Number(query.MaxResults);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalid("MaxResults must be 1 to 100");
  const state = query.State;
  if (state !== undefined && state !== "ENABLED" && state !== "DISABLED")
    throw invalid("State must be ENABLED or DISABLED");
  const after = query.NextToken === undefined ? undefined : token.read(query.NextToken);
  const matching = deps.store
    .all()
    .filter(
      (schedule) =>
        (query.ScheduleGroup === undefined || schedule.GroupName === query.ScheduleGroup) &&
        (query.NamePrefix === undefined || schedule.Name.startsWith(query.NamePrefix)) &&
        (state === undefined || schedule.State === state) &&
        (after === undefined || `${schedule.GroupName}/${schedule.Name}` > after),
    );
  const page = matching.slice(0, limit);
  const last = page[page.length - 1];
  return {
    Schedules: page.map((schedule) => ({
      Arn: deps.arnOf(schedule),
      Name: schedule.Name,
      GroupName: schedule.GroupName,
      State: schedule.State,
      CreationDate: seconds(schedule.CreationDate),
      LastModificationDate: seconds(schedule.LastModificationDate),
      Target: { Arn: schedule.Target.Arn },
    })),
    ...(matching.length > limit && last ? { NextToken: token.of(last) } : {}),
  };
};
