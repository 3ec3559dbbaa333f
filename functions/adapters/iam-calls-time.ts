import { SCHEDULED_TABLE } from "../core/tables";
import type { IamCall } from "./iam-call-types";
import { groupKeyOf } from "./scheduled/scheduled-item";

/*
 * The time feature's part of `IAM_CALLS`: delayed messages and recurring schedules, as the API and the release
 * function make them (see `iam-calls.ts`). No AWS SDK here: the list is data.
 */

const SCHEDULED_CREATE = "functions/adapters/scheduled/scheduled-create.ts";
const SCHEDULED_CREATE_BATCH = "functions/adapters/scheduled/scheduled-create-batch.ts";
const SCHEDULED_STORE = "functions/adapters/scheduled/scheduled-store.ts";
const SCHEDULED_BATCHES = "functions/adapters/scheduled/scheduled-batches.ts";
const MESSAGE_SENDER = "functions/adapters/sqs/message-sender.ts";
const RELEASE_TRIGGER = "functions/adapters/scheduled/release-trigger.ts";
const SCHEDULE_STORE = "functions/adapters/schedules/schedule-store.ts";
const SCHEDULER_PORT = "functions/adapters/schedules/scheduler-port.ts";

const ownKey = (queue: string) => [queue];
/** The schedule records' partition of the scheduled table. */
const schedulesKey = () => [SCHEDULED_TABLE.schedulesPartition];

/** One call per SDK command of `adapter`, each authorised by the action of its own name (`dynamodb:GetItem`). */
const commandCalls = (
  fn: IamCall["fn"],
  adapter: string,
  service: "dynamodb" | "scheduler",
  commands: readonly string[],
  on: Pick<IamCall, "resource" | "leadingKeys">,
): IamCall[] =>
  commands.map((command) => ({
    fn,
    adapter,
    command,
    action: `${service}:${command.replace(/Command$/, "")}`,
    ...on,
  }));

/** `iam:PassRole` of the Scheduler role, to Scheduler, by each command that names it as a target's role. */
const passRole = (adapter: string, commands: readonly string[]): IamCall[] =>
  commands.map((command) => ({
    fn: "api",
    adapter,
    command,
    action: "iam:PassRole",
    resource: "scheduler-role",
    passedToService: "scheduler.amazonaws.com",
  }));

const sendTo = (
  fn: IamCall["fn"],
  adapter: string,
  resource: IamCall["resource"],
  command = "SendMessageCommand",
): IamCall => ({
  fn,
  adapter,
  command,
  action: "sqs:SendMessage",
  resource,
});

const table = { resource: "scheduled-table", leadingKeys: ownKey } as const;
const records = { resource: "scheduled-table", leadingKeys: schedulesKey } as const;

/**
 * Delayed messages, as the API makes them. A create is a `TransactWriteItems` of two Puts (a batch's creates
 * share one); arms go to the delay queue in `SendMessageBatch`es.
 */
const apiDelayed: readonly IamCall[] = [
  ...[SCHEDULED_CREATE, SCHEDULED_CREATE_BATCH].map(
    (adapter): IamCall => ({
      fn: "api",
      adapter,
      command: "TransactWriteItemsCommand",
      action: "dynamodb:PutItem",
      ...table,
    }),
  ),
  ...commandCalls("api", SCHEDULED_CREATE, "dynamodb", ["GetItemCommand"], table),
  ...commandCalls(
    "api",
    SCHEDULED_STORE,
    "dynamodb",
    ["GetItemCommand", "UpdateItemCommand", "QueryCommand"],
    table,
  ),
  sendTo("api", RELEASE_TRIGGER, "delay-queue", "SendMessageBatchCommand"),
  ...commandCalls("api", RELEASE_TRIGGER, "scheduler", ["CreateScheduleCommand"], {
    resource: "schedule-group",
  }),
  ...passRole(RELEASE_TRIGGER, ["CreateScheduleCommand"]),
];

/** Recurring schedules over the API: the records, then the cron schedules in the stack's group. */
const apiSchedules: readonly IamCall[] = [
  ...commandCalls(
    "api",
    SCHEDULE_STORE,
    "dynamodb",
    ["GetItemCommand", "QueryCommand", "UpdateItemCommand", "DeleteItemCommand"],
    records,
  ),
  ...commandCalls(
    "api",
    SCHEDULER_PORT,
    "scheduler",
    ["CreateScheduleCommand", "UpdateScheduleCommand", "DeleteScheduleCommand"],
    { resource: "schedule-group" },
  ),
  ...passRole(SCHEDULER_PORT, ["CreateScheduleCommand", "UpdateScheduleCommand"]),
];

/** A PartiQL statement of the release's batched store calls (`scheduled-batches.ts`). */
const releaseStatement = (statement: "SELECT" | "UPDATE"): IamCall => ({
  fn: "release",
  adapter: SCHEDULED_BATCHES,
  command: "BatchExecuteStatementCommand",
  statement,
  action: `dynamodb:PartiQL${statement[0]}${statement.slice(1).toLowerCase()}`,
  ...table,
});

/**
 * The release function: a release reads and moves its record and the group's due ones (PartiQL, batched), sends
 * to the message's queue (`SendMessageBatch`), and re-arms an early one on the delay queue; a tick reads its
 * schedule's record and publishes.
 */
const release: readonly IamCall[] = [
  releaseStatement("SELECT"),
  releaseStatement("UPDATE"),
  ...commandCalls("release", SCHEDULED_STORE, "dynamodb", ["QueryCommand"], {
    resource: "scheduled-index",
    leadingKeys: (queue) => [groupKeyOf(queue, "g-1")],
  }),
  ...commandCalls("release", SCHEDULE_STORE, "dynamodb", ["GetItemCommand"], records),
  sendTo("release", MESSAGE_SENDER, "queue"),
  sendTo("release", MESSAGE_SENDER, "queue", "SendMessageBatchCommand"),
  sendTo("release", RELEASE_TRIGGER, "delay-queue", "SendMessageBatchCommand"),
];

export const TIME_CALLS: readonly IamCall[] = [...apiDelayed, ...apiSchedules, ...release];
