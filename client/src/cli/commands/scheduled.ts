import { escapeText } from "../../escape-text.js";
import type { ScheduledMessage } from "../../types.js";
import { type CliContext, positiveInt } from "../context.js";
import type { Column, Tone } from "../output.js";
import { showBody, showPage, showRecord, when } from "../show-fields.js";
import { EXIT, UsageError } from "../usage-error.js";

/** Keyed by what the API said (untrusted): an unknown state has no colour. */
const STATE_TONE: ReadonlyMap<unknown, Tone> = new Map<ScheduledMessage["state"], Tone>([
  ["scheduled", "cyan"],
  ["released", "green"],
  ["cancelled", "dim"],
]);

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
  return showPage(ctx, page, LIST_COLUMNS, {
    empty: `no scheduled messages on ${escapeText(queue)}`,
    listCommand: `fifoq scheduled list ${escapeText(queue)}`,
  });
};

/** The body shown by `scheduled show`, in characters; `--json` prints it whole. */
const MAX_BODY = 4_000;

/** `fifoq scheduled show <queue> <id>`: every field, the attributes and the body. */
export const show = async (ctx: CliContext, queue: string, id: string | undefined): Promise<number> => {
  if (id === undefined) throw new UsageError("give the <id> of a scheduled message (fifoq scheduled list)");
  const message = await (await ctx.client("operator")).getScheduled(queue, id);
  return showRecord(
    ctx,
    message,
    [["state", message.state, STATE_TONE.get(message.state)]],
    [
      ["published", when(message.publishedAt)],
      ["release at", when(message.releaseAt)],
      ["released", when(message.releasedAt)],
      ["message id", message.messageId],
      ["cancelled", when(message.cancelledAt)],
    ],
    () => showBody(ctx, message.body, MAX_BODY),
  );
};

/** `fifoq scheduled cancel <queue> <id>`: before its release (after it, the API answers ALREADY_RELEASED). */
export const cancel = async (ctx: CliContext, queue: string, id: string | undefined): Promise<number> => {
  if (id === undefined) throw new UsageError("give the <id> of a scheduled message (fifoq scheduled list)");
  await (await ctx.client("operator")).cancelScheduled(queue, id);
  if (ctx.output.json) ctx.output.data({ id, state: "cancelled" });
  else ctx.output.line(`${ctx.output.paint("cancelled", "dim")} ${escapeText(id)} on ${escapeText(queue)}`);
  return EXIT.ok;
};
