import type { DeadLetter, DeadLetterStatus } from "../../types.js";
import { type CliContext, count, positiveInt } from "../context.js";
import { type Column, sanitize, type Tone } from "../output.js";
import { startProgress } from "../progress.js";
import { EXIT, UsageError } from "../usage-error.js";

export const STATUSES: readonly DeadLetterStatus[] = ["new", "redriving", "redriven", "discarded"];

const STATUS_TONE: Readonly<Record<DeadLetterStatus, Tone>> = {
  new: "yellow",
  redriving: "yellow",
  redriven: "green",
  discarded: "dim",
};

/** `2024-05-01T12:00:03.123Z` → `2024-05-01 12:00:03`. */
const when = (iso: string | undefined): string =>
  iso ? iso.replace("T", " ").replace(/\.\d+Z$|Z$/, "") : "";

const errorText = (letter: DeadLetter): string =>
  letter.lastError ? `${letter.lastError.name}: ${letter.lastError.message}` : "";

const LIST_COLUMNS: readonly Column<DeadLetter>[] = [
  { header: "ID", value: (row) => row.id },
  { header: "GROUP", value: (row) => row.groupId, maxWidth: 32 },
  { header: "STATUS", value: (row) => row.status, tone: (row) => STATUS_TONE[row.status] },
  { header: "RECEIVES", value: (row) => String(row.receiveCount), align: "right" },
  { header: "DEAD-LETTERED (UTC)", value: (row) => when(row.deadLetteredAt) },
  { header: "LAST ERROR", value: errorText, maxWidth: 72 },
];

export interface ListFlags {
  readonly group?: string;
  readonly status?: DeadLetterStatus;
  readonly limit?: string;
  readonly cursor?: string;
}

/** `fifoq dlq list <queue> [--group g] [--status s] [--limit n] [--cursor c]`: newest first. */
export const list = async (ctx: CliContext, queue: string, flags: ListFlags): Promise<number> => {
  const client = await ctx.client("operator");
  const limit = positiveInt("--limit", flags.limit, 100);
  const page = await client.listDeadLetters(queue, {
    limit,
    cursor: flags.cursor,
    groupId: flags.group,
    status: flags.status,
  });
  if (ctx.output.json) {
    ctx.output.data(page);
    return EXIT.ok;
  }
  if (page.items.length === 0)
    ctx.output.line(
      `no dead letters on ${sanitize(queue)}${flags.group || flags.status ? " matching the filter" : ""}`,
    );
  else ctx.output.table(page.items, LIST_COLUMNS);
  if (page.nextCursor)
    ctx.output.note(`more: fifoq dlq list ${queue} --cursor ${sanitize(page.nextCursor)}`, "dim");
  return EXIT.ok;
};

const field = (ctx: CliContext, name: string, value: string | number | undefined, tone?: Tone) => {
  if (value === undefined || value === "") return;
  ctx.output.line(
    `${ctx.output.paint(name.padEnd(15), "bold")} ${ctx.output.paint(sanitize(String(value)), tone)}`,
  );
};

const indent = (text: string) => text.replace(/^/gm, "  ");

/** `fifoq dlq show <queue> <id>`: every field, the attributes, the last error and the body. */
export const show = async (ctx: CliContext, queue: string, id: string): Promise<number> => {
  const letter = await (await ctx.client("operator")).getDeadLetter(queue, id);
  if (ctx.output.json) {
    ctx.output.data(letter);
    return EXIT.ok;
  }
  field(ctx, "id", letter.id);
  field(ctx, "queue", letter.queue);
  field(ctx, "status", letter.status, STATUS_TONE[letter.status]);
  field(ctx, "group", letter.groupId);
  field(ctx, "dedup id", letter.dedupId);
  field(ctx, "message id", letter.messageId);
  field(ctx, "receives", letter.receiveCount);
  field(ctx, "first sent", when(letter.firstSentAt));
  field(ctx, "dead-lettered", when(letter.deadLetteredAt));
  if (letter.lastError)
    field(ctx, "last error", `${errorText(letter)} (${when(letter.lastError.at)})`, "red");
  if (letter.redrivenMessageId)
    field(ctx, "redriven", `as ${letter.redrivenMessageId} at ${when(letter.redrivenAt)}`);
  if (letter.discardedAt) field(ctx, "discarded", when(letter.discardedAt));
  const attributes = Object.entries(letter.attributes);
  ctx.output.line(ctx.output.paint("attributes", "bold"));
  ctx.output.line(
    attributes.length === 0
      ? "  (none)"
      : attributes.map(([name, value]) => `  ${sanitize(name)} = ${sanitize(value)}`).join("\n"),
  );
  ctx.output.line(ctx.output.paint("body", "bold"));
  const body = typeof letter.body === "string" ? letter.body : JSON.stringify(letter.body, null, 2);
  ctx.output.line(indent(sanitize(body ?? "")));
  return EXIT.ok;
};

export interface RedriveFlags {
  readonly all?: boolean;
  readonly group?: string;
}

const redriveEvery = async (ctx: CliContext, queue: string, group: string | undefined): Promise<number> => {
  const client = await ctx.client("operator");
  const known =
    group === undefined
      ? (await client.queues()).find((entry) => entry.name === queue)?.deadLetters
      : undefined;
  const progress = startProgress(ctx.output, "redrive", known, "dead letters");
  const result = await client
    .redriveAll(queue, {
      groupId: group,
      onProgress: (done) =>
        progress.update(done.redriven, { detail: `(${done.calls} call${done.calls === 1 ? "" : "s"})` }),
    })
    .finally(() => progress.stop());
  if (ctx.output.json) ctx.output.data(result);
  else {
    const scope = group === undefined ? sanitize(queue) : `group ${sanitize(group)} of ${sanitize(queue)}`;
    ctx.output.line(
      ctx.output.paint(
        `redriven ${count(result.redriven)} dead letter(s) of ${scope} in ${result.calls} call(s)`,
        "green",
      ),
    );
    if (result.failed > 0) {
      ctx.output.line(
        ctx.output.paint(
          `${count(result.failed)} could not be sent (they stay new, and their groups wait): see fifoq dlq list ${queue} --status new`,
          "yellow",
        ),
      );
    }
    if (!result.complete)
      ctx.output.line(
        ctx.output.paint(
          "stopped: the API kept saying more but redrove nothing; run it again later",
          "yellow",
        ),
      );
  }
  return result.failed > 0 || !result.complete ? EXIT.refused : EXIT.ok;
};

/** `fifoq dlq redrive <queue> <id>` or `fifoq dlq redrive <queue> --all [--group g]`. */
export const redrive = async (
  ctx: CliContext,
  queue: string,
  id: string | undefined,
  flags: RedriveFlags,
): Promise<number> => {
  if (flags.all && id !== undefined) throw new UsageError("give either an <id> or --all, not both");
  if (flags.all) return redriveEvery(ctx, queue, flags.group);
  if (id === undefined) throw new UsageError("give the <id> of a dead letter, or --all [--group g]");
  if (flags.group !== undefined) throw new UsageError("--group goes with --all");
  const result = await (await ctx.client("operator")).redriveDeadLetter(queue, id);
  if (ctx.output.json) ctx.output.data(result);
  else
    ctx.output.line(
      `${ctx.output.paint("redriven", "green")} ${sanitize(result.id)} → message ${sanitize(result.messageId)} on ${sanitize(queue)}`,
    );
  return EXIT.ok;
};

/** `fifoq dlq discard <queue> <id>`: marks it `discarded` (it cannot be redriven afterwards). */
export const discard = async (ctx: CliContext, queue: string, id: string): Promise<number> => {
  await (await ctx.client("operator")).discardDeadLetter(queue, id);
  if (ctx.output.json) ctx.output.data({ id, status: "discarded" });
  else ctx.output.line(`${ctx.output.paint("discarded", "dim")} ${sanitize(id)} on ${sanitize(queue)}`);
  return EXIT.ok;
};
