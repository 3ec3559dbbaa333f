import { SCHEDULED_TABLE } from "../core/tables";
import type { IamCall } from "./iam-call-types";
import { groupKeyOf } from "./scheduled/scheduled-item";

/*
 * The time feature's part of `IAM_CALLS`: delayed messages and recurring schedules, as the API and the release
 * function make them (see `iam-calls.ts`). No AWS SDK here: the list is data.
 */

const SCHEDULED_CREATE = "functions/adapters/scheduled/scheduled-create.ts";
const SCHEDULED_STORE = "functions/adapters/scheduled/scheduled-store.ts";
const RELEASE_TRIGGER = "functions/adapters/scheduled/release-trigger.ts";
const SCHEDULE_STORE = "functions/adapters/schedules/schedule-store.ts";
const SCHEDULER_PORT = "functions/adapters/schedules/scheduler-port.ts";

const ownKey = (queue: string) => [queue];
/** The schedule records' partition of the scheduled table. */
const schedulesKey = () => [SCHEDULED_TABLE.schedulesPartition];
const SCHEDULER = "scheduler.amazonaws.com";

/** Delayed messages, as the API makes them. A create is a `TransactWriteItems` of two Puts. */
const apiDelayed: readonly IamCall[] = [
  {
    fn: "api",
    adapter: SCHEDULED_CREATE,
    command: "TransactWriteItemsCommand",
    action: "dynamodb:PutItem",
    resource: "scheduled-table",
    leadingKeys: ownKey,
  },
  {
    fn: "api",
    adapter: SCHEDULED_CREATE,
    command: "GetItemCommand",
    action: "dynamodb:GetItem",
    resource: "scheduled-table",
    leadingKeys: ownKey,
  },
  ...(["GetItemCommand", "UpdateItemCommand", "QueryCommand"] as const).map(
    (command): IamCall => ({
      fn: "api",
      adapter: SCHEDULED_STORE,
      command,
      action: `dynamodb:${command.replace(/Command$/, "")}`,
      resource: "scheduled-table",
      leadingKeys: ownKey,
    }),
  ),
  {
    fn: "api",
    adapter: RELEASE_TRIGGER,
    command: "SendMessageCommand",
    action: "sqs:SendMessage",
    resource: "delay-queue",
  },
  {
    fn: "api",
    adapter: RELEASE_TRIGGER,
    command: "CreateScheduleCommand",
    action: "scheduler:CreateSchedule",
    resource: "schedule-group",
  },
  {
    fn: "api",
    adapter: RELEASE_TRIGGER,
    command: "CreateScheduleCommand",
    action: "iam:PassRole",
    resource: "scheduler-role",
    passedToService: SCHEDULER,
  },
];

/** Recurring schedules over the API: the records, then the cron schedules in the stack's group. */
const apiSchedules: readonly IamCall[] = [
  ...(["GetItemCommand", "QueryCommand", "UpdateItemCommand", "DeleteItemCommand"] as const).map(
    (command): IamCall => ({
      fn: "api",
      adapter: SCHEDULE_STORE,
      command,
      action: `dynamodb:${command.replace(/Command$/, "")}`,
      resource: "scheduled-table",
      leadingKeys: schedulesKey,
    }),
  ),
  ...(["CreateScheduleCommand", "UpdateScheduleCommand", "DeleteScheduleCommand"] as const).map(
    (command): IamCall => ({
      fn: "api",
      adapter: SCHEDULER_PORT,
      command,
      action: `scheduler:${command.replace(/Command$/, "")}`,
      resource: "schedule-group",
    }),
  ),
  ...(["CreateScheduleCommand", "UpdateScheduleCommand"] as const).map(
    (command): IamCall => ({
      fn: "api",
      adapter: SCHEDULER_PORT,
      command,
      action: "iam:PassRole",
      resource: "scheduler-role",
      passedToService: SCHEDULER,
    }),
  ),
];

/**
 * The release function: a release reads and moves its record and the group's due ones, sends to the message's
 * queue, and re-arms an early one on the delay queue; a tick reads its schedule's record and publishes.
 */
const release: readonly IamCall[] = [
  ...(["GetItemCommand", "UpdateItemCommand"] as const).map(
    (command): IamCall => ({
      fn: "release",
      adapter: SCHEDULED_STORE,
      command,
      action: `dynamodb:${command.replace(/Command$/, "")}`,
      resource: "scheduled-table",
      leadingKeys: ownKey,
    }),
  ),
  {
    fn: "release",
    adapter: SCHEDULED_STORE,
    command: "QueryCommand",
    action: "dynamodb:Query",
    resource: "scheduled-index",
    leadingKeys: (queue) => [groupKeyOf(queue, "g-1")],
  },
  {
    fn: "release",
    adapter: SCHEDULE_STORE,
    command: "GetItemCommand",
    action: "dynamodb:GetItem",
    resource: "scheduled-table",
    leadingKeys: schedulesKey,
  },
  {
    fn: "release",
    adapter: "functions/adapters/sqs/message-sender.ts",
    command: "SendMessageCommand",
    action: "sqs:SendMessage",
    resource: "queue",
  },
  {
    fn: "release",
    adapter: RELEASE_TRIGGER,
    command: "SendMessageCommand",
    action: "sqs:SendMessage",
    resource: "delay-queue",
  },
];

export const TIME_CALLS: readonly IamCall[] = [...apiDelayed, ...apiSchedules, ...release];
