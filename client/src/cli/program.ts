import { Command, Option } from "commander";
import * as dlq from "./commands/dlq.js";
import { body as dlqBody } from "./commands/dlq-body.js";
import { queues, stats } from "./commands/queues.js";
import { send } from "./commands/send.js";
import type { CliContext } from "./context.js";
import { scheduledCommand, schedulesCommand, statusCommand } from "./program-time.js";

/** Each action sets the exit code here; `run` reads it after parsing. */
export interface ProgramState {
  exit: number;
}

const collect = (value: string, previous: readonly string[]) => [...previous, value];

const HELP_AFTER = `
Target (first found wins):
  --url / FIFOQ_URL, else ApiUrl from --outputs <file> or ./cdk-outputs.json (cdk deploy --outputs-file)
  --api-key / FIFOQ_API_KEY              producer commands (send, queues, stats)
  --operator-key / FIFOQ_OPERATOR_KEY    dlq, scheduled, schedules, status (else the API key)
  --sigv4 / FIFOQ_AUTH=iam               sign with SigV4 (api.auth "iam"); AWS_* credentials, --region

Exit codes: 0 done, 1 the API refused (its code is printed), 2 wrong usage.
Colours follow NO_COLOR; --json prints machine-readable output on every command.

Examples:
  fifoq send orders '{"orderId":"o-1","amount":42}' --group customer-42 --dedup order-o-1
  fifoq send orders --file orders.ndjson
  fifoq send orders '{"remind":true}' --group customer-42 --delay 10m
  fifoq scheduled list orders
  fifoq schedules put daily-report --file daily-report.json
  fifoq status orders order-o-1 --group customer-42
  fifoq stats --watch
  fifoq dlq list orders --status new
  fifoq dlq body orders <id> > body.json
  fifoq dlq redrive orders --all --group customer-42`;

export type Run = (ctx: CliContext) => Promise<number>;

const dlqCommand = (action: (run: Run) => Promise<void>): Command => {
  const command = new Command("dlq").description(
    "dead letters: list, show, body, redrive, discard (operator key)",
  );
  command
    .command("list")
    .description("dead letters of a queue, newest first")
    .argument("<queue>")
    .option("--group <id>", "only this message group")
    .addOption(new Option("--status <status>", "only this status").choices(dlq.STATUSES))
    .option("--limit <n>", "page size, 1–100 (default 20)")
    .option("--cursor <cursor>", "the next page (printed after a full page)")
    .action((queue: string, flags: dlq.ListFlags) => action((ctx) => dlq.list(ctx, queue, flags)));
  command
    .command("show")
    .description("one dead letter: body, attributes, last error")
    .argument("<queue>")
    .argument("<id>")
    .action((queue: string, id: string) => action((ctx) => dlq.show(ctx, queue, id)));
  command
    .command("body")
    .description("one dead letter's raw body, whole, on stdout exactly (redirect it: > body.json)")
    .argument("<queue>")
    .argument("<id>")
    .action((queue: string, id: string) => action((ctx) => dlqBody(ctx, queue, id)));
  command
    .command("redrive")
    .description("send a dead letter back to its queue in its group, or --all of them (oldest first)")
    .argument("<queue>")
    .argument("[id]")
    .option("--all", "every new dead letter, following the API until done, with progress")
    .option("--group <id>", "with --all: only this group")
    .option("--force", "with an <id>: send it even if an earlier redrive may have run (REDRIVE_UNCERTAIN)")
    .action((queue: string, id: string | undefined, flags: dlq.RedriveFlags) =>
      action((ctx) => dlq.redrive(ctx, queue, id, flags)),
    );
  command
    .command("discard")
    .description("mark a dead letter discarded (it can no longer be redriven)")
    .argument("<queue>")
    .argument("<id>")
    .action((queue: string, id: string) => action((ctx) => dlq.discard(ctx, queue, id)));
  return command;
};

export interface ProgramIo {
  readonly writeOut: (text: string) => void;
  readonly writeErr: (text: string) => void;
}

/** Errors throw instead of exiting, and print where `io` says, on every command and subcommand. */
const configureAll = (command: Command, io: ProgramIo): void => {
  command.exitOverride().configureOutput(io).showHelpAfterError("(fifoq --help lists the commands)");
  for (const sub of command.commands) configureAll(sub, io);
};

/** The `fifoq` command line: global target options, then the contract's commands. */
export const buildProgram = (
  context: () => CliContext,
  state: ProgramState,
  version: string,
  io: ProgramIo,
): Command => {
  const action = async (run: Run) => {
    state.exit = await run(context());
  };
  const program = new Command("fifoq")
    .description("Operate a fifoq stack: publish messages, watch queues, handle dead letters.")
    .version(version)
    .option("--url <url>", "API base URL including the stage (or FIFOQ_URL)")
    .option("--api-key <key>", "producer API key (or FIFOQ_API_KEY)")
    .option("--operator-key <key>", "operator key for dead-letter commands (or FIFOQ_OPERATOR_KEY)")
    .option("--outputs <file>", "read ApiUrl from this cdk outputs file (default ./cdk-outputs.json)")
    .option("--stack <name>", "the stack in the outputs file, when it holds several")
    .option("--sigv4", "sign requests with SigV4 (api.auth iam) using AWS_* credentials")
    .option("--region <region>", "region for --sigv4 (default AWS_REGION, else from the URL)")
    .option("--json", "machine-readable output")
    .addHelpText("after", HELP_AFTER);
  program
    .command("send")
    .description("publish one message, or NDJSON lines {body, groupId, dedupId?, attributes?} from --file")
    .argument("<queue>")
    .argument("[json-body]", "the message body as JSON")
    .option("--group <id>", "message group (required for one message; default group for --file lines)")
    .option("--dedup <id>", "deduplication id (else content-based, if the queue allows it)")
    .option("--attr <name=value>", "a string attribute (repeatable)", collect, [])
    .option("--file <path|->", "NDJSON file, or - for standard input; sent in batches with progress")
    .option("--delay <duration>", "release after 90s, 10m, 2h, 3d (every message of --file too)")
    .option("--at <time>", "release at an RFC 3339 time, e.g. 2027-01-31T09:00:00Z (not with --delay)")
    .action((queue: string, body: string | undefined, flags) =>
      action((ctx) => send(ctx, queue, body, flags)),
    );
  program
    .command("queues")
    .description("configured queues with depth, in flight and dead letters")
    .action(() => action(queues));
  program
    .command("stats")
    .description("queue depths with totals; --watch refreshes and shows the depth's rate of change")
    .option("--watch [seconds]", "refresh every N seconds (default 5) until Ctrl-C")
    .option("--count <n>", "stop after n refreshes")
    .action((flags) => action((ctx) => stats(ctx, flags)));
  program.addCommand(dlqCommand(action));
  program.addCommand(scheduledCommand(action));
  program.addCommand(schedulesCommand(action));
  program.addCommand(statusCommand(action));
  configureAll(program, io);
  return program;
};
