import { escapeText } from "../../escape-text.js";
import type { ScheduledMessage } from "../../types.js";
import { type CliContext, positiveInt } from "../context.js";
import { type Column, escapeLines, type Tone } from "../output.js";
import { EXIT, UsageError } from "../usage-error.js";

/** Keyed by what the API said (untrusted): an unknown state has no colour. */
const STATE_TONE: ReadonlyMap<unknown, Tone> = new Map<ScheduledMessage["state"], Tone>([
  ["scheduled", "cyan"],
  ["released", "green"],
  ["cancelled", "dim"],
]);

/** `2024-05-01T12:00:03.123Z` → `2024-05-01 12:00:03`. */
const when = (iso: string | undefined): string =>
  iso ? iso.replace("T", " ").replace(/\.\d+Z$|Z$/, "") : "";

const LIST_COLUMNS: readonly Column<ScheduledMessage>[] = [
  { header: "ID", value: (row) => row.id },
  { header: "GROUP", value: (row) => row.groupId, maxWidth: 32 },
  { header: "DEDUP", value: (row) => row.dedupId, maxWidth: 32 },
  { header: "STATE", value: (row) => row.state, tone: (row) => STATE_TONE.get(row.state) },
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
  if (page.items.length === 0) ctx.output.line(`no scheduled messages on ${escapeText(queue)}`);
  else ctx.output.table(page.items, LIST_COLUMNS);
  if (page.nextCursor)
    ctx.output.note(
      `more: fifoq scheduled list ${escapeText(queue)} --cursor ${escapeText(page.nextCursor)}`,
      "dim",
    );
  return EXIT.ok;
};

const field = (ctx: CliContext, name: string, value: string | undefined, tone?: Tone) => {
  if (value === undefined || value === "") return;
  ctx.output.line(
    `${ctx.output.paint(name.padEnd(15), "bold")} ${ctx.output.paint(escapeText(value), tone)}`,
  );
};

/** The body shown by `scheduled show`, in characters; `--json` prints it whole. */
const MAX_BODY = 4_000;

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
  field(ctx, "state", message.state, STATE_TONE.get(message.state));
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
      : attributes.map(([name, value]) => `  ${escapeText(name, 200)} = ${escapeText(value)}`).join("\n"),
  );
  ctx.output.line(ctx.output.paint("body", "bold"));
  const text =
    typeof message.body === "string" ? message.body : (JSON.stringify(message.body, null, 2) ?? "");
  const shown =
    typeof message.body === "string"
      ? escapeText(text, MAX_BODY)
      : escapeLines(text.slice(0, MAX_BODY), MAX_BODY);
  ctx.output.line(shown.replace(/^/gm, "  "));
  return EXIT.ok;
};

/** `fifoq scheduled cancel <queue> <id>`: before its release (after it, the API answers ALREADY_RELEASED). */
export const cancel = async (ctx: CliContext, queue: string, id: string | undefined): Promise<number> => {
  if (id === undefined) throw new UsageError("give the <id> of a scheduled message (fifoq scheduled list)");
  await (await ctx.client("operator")).cancelScheduled(queue, id);
  if (ctx.output.json) ctx.output.data({ id, state: "cancelled" });
  else ctx.output.line(`${ctx.output.paint("cancelled", "dim")} ${escapeText(id)} on ${escapeText(queue)}`);
  return EXIT.ok;
};
