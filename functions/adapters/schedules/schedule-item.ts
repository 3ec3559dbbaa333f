import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { ResolvedScheduleConfig } from "../../core/config/schedules";
import { CorruptScheduleItemError } from "../../core/schedules/errors";
import type { ScheduleRecord } from "../../core/schedules/types";
import { SCHEDULED_TABLE } from "../../core/tables";
import { attributesItem, attributesOf } from "../scheduled/scheduled-item";

type Item = Record<string, AttributeValue>;

/** The key of a schedule's record: the schedules' partition of the scheduled table, its name. */
export const scheduleKey = (name: string): Item => ({
  [SCHEDULED_TABLE.partitionKey]: { S: SCHEDULED_TABLE.schedulesPartition },
  [SCHEDULED_TABLE.sortKey]: { S: name },
});

/** The definition's attributes (`queue` is the table's partition key, so the schedule's queue is `target`). */
export const definitionValues = (definition: ResolvedScheduleConfig): Item => ({
  cron: { S: definition.cron },
  timezone: { S: definition.timezone },
  target: { S: definition.queue },
  groupId: { S: definition.groupId },
  body: { S: definition.body },
  attributes: attributesItem(definition.attributes),
});

const text = (item: Item, name: string): string => {
  const value = item[name]?.S;
  if (value === undefined) throw new CorruptScheduleItemError(`${name} is missing`);
  return value;
};

export const fromScheduleItem = (item: Item): ScheduleRecord => {
  const name = text(item, SCHEDULED_TABLE.sortKey);
  const origin = text(item, "origin");
  const paused = item.paused?.BOOL === true;
  const updatedAt = Number(item.updatedAt?.N ?? 0);
  if (origin === "config") return { origin, name, paused, updatedAt };
  if (origin !== "api") throw new CorruptScheduleItemError(`origin "${origin.slice(0, 20)}" is unknown`);
  const definition: ResolvedScheduleConfig = {
    name,
    cron: text(item, "cron"),
    timezone: text(item, "timezone"),
    queue: text(item, "target"),
    groupId: text(item, "groupId"),
    body: text(item, "body"),
    attributes: attributesOf(item),
  };
  return { origin, name, paused, definition, updatedAt };
};
