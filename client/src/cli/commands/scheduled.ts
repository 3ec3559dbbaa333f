import type { ScheduledMessage, ScheduledState } from "../../types.js";
import { type CliContext, positiveInt } from "../context.js";
import { type Column, sanitize, type Tone } from "../output.js";
import { EXIT, UsageError } from "../usage-error.js";

const STATE_TONE: Readonly<Record<ScheduledState, Tone>> = {
  scheduled: "cyan",
  released: "green",
  cancelled: "dim",
};

/** `2024-05-01T12:00:03.123Z` → `2024-05-01 12:00:03`. */
const when = (iso: string | undefined): string =>
  iso ? iso.replace("T", " ").replace(/\.\d+Z$|Z$/, "") : "";

const LIST_COLUMNS: readonly Column<ScheduledMessage>[] = [
  { header: "ID", value: (row) => row.id },
  { header: "GROUP", value: (row) => row.groupId, maxWidth: 32 },
  { header: "DEDUP", value: (row) => row.dedupId, maxWidth: 32 },
  { header: "STATE", value: (row) => row.state, tone: (row) => STATE_TONE[row.state] },
  { header: "RELEASE AT (UTC)", value: (row) => when(row.releaseAt) },
];

export interface ListFlags {
  readonly limit?: string;
  readonly cursor?: string;
}

/** `fifoq scheduled list <queue> [--limit n] [--cursor c]`: one page of the queue's delayed messages. */
export const list = async (ctx: CliContext, queue: string, flags: ListFlags): Promise<number> => {
  const limit = positiveInt("--limit", flags.limit, 100);
  const client = await ctx.client("operator");
  const page = await client.listScheduled(queue, { limit, cursor: flags.cursor });
  if (ctx.output.json) {
    ctx.output.data(page);
    return EXIT.ok;
  }
  if (page.items.length === 0) ctx.output.line(`no scheduled messages on ${sanitize(queue)}`);
  else ctx.output.table(page.items, LIST_COLUMNS);
  if (page.nextCursor)
    ctx.output.note(
      `more: fifoq scheduled list ${sanitize(queue)} --cursor ${sanitize(page.nextCursor)}`,
      "dim",
    );
  return EXIT.ok;
};

const field = (ctx: CliContext, name: string, value: string | undefined, tone?: Tone) => {
  if (value === undefined || value === "") return;
  ctx.output.line(`${ctx.output.paint(name.padEnd(15), "bold")} ${ctx.output.paint(sanitize(value), tone)}`);
};

const indent = (text: string) => text.replace(/^/gm, "  ");

/** `fifoq scheduled show <queue> <id>`: every field, the attributes and the body. */
export const show = async (ctx: CliContext, queue: string, id: string | undefined): Promise<number> => {
  if (id === undefined) throw new UsageError("give the <id> of a scheduled message (fifoq scheduled list)");
  const message = await (await ctx.client("operator")).getScheduled(queue, id);
  if (ctx.output.json) {
    ctx.output.data(message);
    return EXIT.ok;
  }
  field(ctx, "id", message.id);
  field(ctx, "queue", message.queue);
  field(ctx, "state", message.state, STATE_TONE[message.state]);
  field(ctx, "group", message.groupId);
  field(ctx, "dedup id", message.dedupId);
  field(ctx, "published", when(message.publishedAt));
  field(ctx, "release at", when(message.releaseAt));
  field(ctx, "released", when(message.releasedAt));
  field(ctx, "message id", message.messageId);
  field(ctx, "cancelled", when(message.cancelledAt));
  const attributes = Object.entries(message.attributes ?? {});
  ctx.output.line(ctx.output.paint("attributes", "bold"));
  ctx.output.line(
    attributes.length === 0
      ? "  (none)"
      : attributes.map(([name, value]) => `  ${sanitize(name)} = ${sanitize(value)}`).join("\n"),
  );
  ctx.output.line(ctx.output.paint("body", "bold"));
  const body = typeof message.body === "string" ? message.body : JSON.stringify(message.body, null, 2);
  ctx.output.line(indent(sanitize(body ?? "")));
  return EXIT.ok;
};

/** `fifoq scheduled cancel <queue> <id>`: before its release (after it, the API answers ALREADY_RELEASED). */
export const cancel = async (ctx: CliContext, queue: string, id: string | undefined): Promise<number> => {
  if (id === undefined) throw new UsageError("give the <id> of a scheduled message (fifoq scheduled list)");
  await (await ctx.client("operator")).cancelScheduled(queue, id);
  if (ctx.output.json) ctx.output.data({ id, state: "cancelled" });
  else ctx.output.line(`${ctx.output.paint("cancelled", "dim")} ${sanitize(id)} on ${sanitize(queue)}`);
  return EXIT.ok;
};
