import { Command } from "commander";
import * as scheduled from "./commands/scheduled.js";
import * as schedules from "./commands/schedules.js";
import { status } from "./commands/status.js";
import type { CliContext } from "./context.js";
import type { Run } from "./program.js";

type Action = (run: Run) => Promise<void>;

/** `fifoq scheduled list|show|cancel`: a queue's delayed messages. */
export const scheduledCommand = (action: Action): Command => {
  const command = new Command("scheduled").description(
    "delayed messages of a queue: list, show, cancel (operator key)",
  );
  command
    .command("list")
    .description("one page of a queue's delayed messages")
    .argument("<queue>")
    .option("--limit <n>", "page size, 1–100 (default 20)")
    .option("--cursor <cursor>", "the next page (printed after a full page)")
    .action((queue: string, flags: scheduled.ListFlags) =>
      action((ctx) => scheduled.list(ctx, queue, flags)),
    );
  command
    .command("show")
    .description("one delayed message: state, release time, attributes, body")
    .argument("<queue>")
    .argument("[id]")
    .action((queue: string, id: string | undefined) => action((ctx) => scheduled.show(ctx, queue, id)));
  command
    .command("cancel")
    .description("cancel a delayed message before its release (exit 1 ALREADY_RELEASED after it)")
    .argument("<queue>")
    .argument("[id]")
    .action((queue: string, id: string | undefined) => action((ctx) => scheduled.cancel(ctx, queue, id)));
  return command;
};

/** The `schedules` subcommands that take only a schedule's `[name]`: name, description, what they run. */
const BY_NAME: readonly (readonly [
  string,
  string,
  (ctx: CliContext, name: string | undefined) => Promise<number>,
])[] = [
  ["show", "one schedule and its next fire times", schedules.show],
  ["delete", "delete a schedule", schedules.remove],
  ["pause", "stop firing until resumed", (ctx, name) => schedules.setPaused(ctx, name, true)],
  ["resume", "fire again, from its next time on", (ctx, name) => schedules.setPaused(ctx, name, false)],
];

/** `fifoq schedules list|put|show|delete|pause|resume`: recurring schedules. */
export const schedulesCommand = (action: Action): Command => {
  const command = new Command("schedules").description(
    "recurring schedules: list, show, put, delete, pause, resume (operator key)",
  );
  command
    .command("list")
    .description("every schedule with its next fire time")
    .action(() => action(schedules.list));
  command
    .command("put")
    .description(
      "create or replace a schedule from JSON { cron, timezone?, queue, groupId, body, attributes? }",
    )
    .argument("[name]")
    .argument("[json]", "the definition as JSON (or --file)")
    .option("--file <path|->", "read the definition from a file, or - for standard input")
    .action((name: string | undefined, json: string | undefined, flags: { file?: string }) =>
      action((ctx) => schedules.put(ctx, name, json, flags.file)),
    );
  for (const [name, description, run] of BY_NAME) {
    command
      .command(name)
      .description(description)
      .argument("[name]")
      .action((schedule: string | undefined) => action((ctx) => run(ctx, schedule)));
  }
  return command;
};

/** `fifoq status <queue> <dedupId> --group g`. */
export const statusCommand = (action: Action): Command =>
  new Command("status")
    .description("where a message is: scheduled, queued, processed or dead-lettered (operator key)")
    .argument("<queue>")
    .argument("<dedupId>")
    .option("--group <id>", "the message's group (required)")
    .action((queue: string, dedupId: string, flags: { group?: string }) =>
      action((ctx) => status(ctx, queue, dedupId, flags)),
    );
