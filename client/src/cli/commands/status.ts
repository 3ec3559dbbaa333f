import { escapeText } from "../../escape-text.js";
import type { MessageStatus } from "../../types.js";
import type { CliContext } from "../context.js";
import type { Tone } from "../output.js";
import { EXIT, UsageError } from "../usage-error.js";

/** Keyed by what the API said (untrusted): an unknown status has no colour. */
const TONE: ReadonlyMap<unknown, Tone> = new Map<MessageStatus["status"], Tone>([
  ["scheduled", "cyan"],
  ["queued", "yellow"],
  ["processed", "green"],
  ["dead-lettered", "red"],
]);

const detail = (status: MessageStatus): string => {
  if (status.status === "scheduled") return `as ${status.scheduledId ?? "?"}, due ${status.releaseAt ?? "?"}`;
  if (status.status === "processed")
    return `at ${status.processedAt ?? "?"}${status.attempts === undefined ? "" : ` after ${status.attempts} attempt(s)`}`;
  if (status.status === "dead-lettered") return `as dead letter ${status.deadLetterId ?? "?"}`;
  return "";
};

/** `fifoq status <queue> <dedupId> --group g`: where the message is. */
export const status = async (
  ctx: CliContext,
  queue: string,
  dedupId: string,
  flags: { readonly group?: string },
): Promise<number> => {
  if (!flags.group) throw new UsageError("--group <id> is required: a dedupId is unique within its group");
  const found = await (await ctx.client("operator")).status(queue, dedupId, { groupId: flags.group });
  if (ctx.output.json) ctx.output.data(found);
  else {
    const text = `${ctx.output.paint(escapeText(found.status, 40), TONE.get(found.status))} ${escapeText(found.dedupId)} on ${escapeText(found.queue)} (group ${escapeText(found.groupId)})`;
    const more = detail(found);
    ctx.output.line(more ? `${text} ${escapeText(more)}` : text);
  }
  return EXIT.ok;
};
