import { escapeText } from "../../escape-text.js";
import type { BatchEntryResult, PublishBatchResult, PublishResult, ScheduledReceipt } from "../../types.js";
import { type CliContext, count } from "../context.js";
import { parseNdjson, readJson } from "../ndjson.js";
import { startProgress } from "../progress.js";
import { type TimingFlags, timingOf } from "../timing-flags.js";
import { EXIT, UsageError } from "../usage-error.js";

export interface SendFlags extends TimingFlags {
  readonly group?: string;
  readonly dedup?: string;
  readonly attr: readonly string[];
  readonly file?: string;
}

/** Failed entries listed in a summary; the rest are counted. */
const LISTED_FAILURES = 20;

const parseBody = (text: string): unknown => {
  const read = readJson(text);
  if ("value" in read) return read.value;
  throw new UsageError(
    `<json-body> ${read.problem}`,
    `Quote it for the shell, e.g. '{"orderId":"o-1"}' or '"a text"'`,
  );
};

const parseAttributes = (pairs: readonly string[]): Record<string, string> | undefined => {
  if (pairs.length === 0) return undefined;
  const attributes: Record<string, string> = Object.create(null);
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at < 1) throw new UsageError(`--attr ${JSON.stringify(pair)} must be name=value`);
    attributes[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return { ...attributes };
};

const sendOne = async (ctx: CliContext, queue: string, text: string, flags: SendFlags): Promise<number> => {
  const body = parseBody(text);
  const timing = timingOf(flags);
  if (!flags.group)
    throw new UsageError("--group <id> is required: messages of one group are delivered in order");
  const message = {
    body,
    groupId: flags.group,
    ...(flags.dedup !== undefined ? { dedupId: flags.dedup } : {}),
    ...(flags.attr.length > 0 ? { attributes: parseAttributes(flags.attr) } : {}),
    ...timing,
  };
  const client = await ctx.client("producer");
  const result: PublishResult | ScheduledReceipt = await client.publish(queue, message);
  if (ctx.output.json) ctx.output.data(result);
  else ctx.output.line(receiptLine(ctx, result));
  return EXIT.ok;
};

const receiptLine = (ctx: CliContext, result: PublishResult | ScheduledReceipt): string => {
  const where = `on ${escapeText(result.queue)} (group ${escapeText(result.groupId)}, dedup ${escapeText(result.dedupId)}`;
  if ("scheduledId" in result) {
    return `${ctx.output.paint("scheduled", "cyan")} ${escapeText(result.scheduledId)} ${where}), released at ${escapeText(result.releaseAt)}`;
  }
  return `${ctx.output.paint("accepted", "green")} ${escapeText(result.messageId)} ${where}, sequence ${escapeText(result.sequenceNumber)})`;
};

const failures = (result: PublishBatchResult, lines: readonly number[]) =>
  result.results
    .filter((entry): entry is Extract<BatchEntryResult, { status: "failed" }> => entry.status === "failed")
    .map((entry) => ({ line: lines[entry.index] ?? entry.index + 1, ...entry.error }));

const printSummary = (ctx: CliContext, result: PublishBatchResult, lines: readonly number[]): void => {
  const failed = failures(result, lines);
  if (ctx.output.json) {
    ctx.output.data({ accepted: result.accepted, failed: result.failed, failures: failed });
    return;
  }
  const tone = result.failed > 0 ? "yellow" : "green";
  ctx.output.line(
    ctx.output.paint(
      `${count(result.accepted)} accepted, ${count(result.failed)} failed of ${count(result.results.length)}`,
      tone,
    ),
  );
  for (const failure of failed.slice(0, LISTED_FAILURES)) {
    ctx.output.line(
      `  line ${failure.line}: ${ctx.output.paint(escapeText(failure.code, 100), "red")} ${escapeText(failure.message)}`,
    );
  }
  if (failed.length > LISTED_FAILURES)
    ctx.output.line(`  … and ${count(failed.length - LISTED_FAILURES)} more (--json lists all)`);
};

const sendFile = async (ctx: CliContext, queue: string, flags: SendFlags): Promise<number> => {
  if (flags.dedup !== undefined || flags.attr.length > 0) {
    throw new UsageError("--dedup and --attr are for one message; with --file each line carries its own");
  }
  const timing = timingOf(flags);
  const parsed = parseNdjson(await ctx.readInput(flags.file ?? "-"), flags.group);
  if (parsed.errorCount > 0) {
    const more =
      parsed.errorCount > parsed.errors.length
        ? `\n  … and ${parsed.errorCount - parsed.errors.length} more`
        : "";
    throw new UsageError(
      `${parsed.errorCount} line(s) of ${flags.file} are not messages; nothing was sent:\n  ${parsed.errors.join("\n  ")}${more}`,
    );
  }
  if (parsed.messages.length === 0) throw new UsageError(`${flags.file} holds no messages`);
  const client = await ctx.client("producer");
  const progress = startProgress(ctx.output, "send", parsed.messages.length, "messages");
  let result: PublishBatchResult;
  try {
    const messages = parsed.messages.map((message) => ({ ...message, ...timing }));
    result = await client.publishBatch(queue, messages, {
      onProgress: (done) =>
        progress.update(done.accepted + done.failed, {
          detail: done.failed ? `(${count(done.failed)} failed)` : "",
        }),
    });
  } finally {
    progress.stop();
  }
  printSummary(ctx, result, parsed.lines);
  return result.failed > 0 ? EXIT.refused : EXIT.ok;
};

/** `fifoq send <queue> <json-body> --group g [--dedup d] [--attr k=v]… [--delay 10m | --at <time>]` or `fifoq send <queue> --file <path|->`. */
export const send = (
  ctx: CliContext,
  queue: string,
  body: string | undefined,
  flags: SendFlags,
): Promise<number> => {
  if (flags.file !== undefined && body !== undefined)
    throw new UsageError("give either a <json-body> or --file, not both");
  if (flags.file !== undefined) return sendFile(ctx, queue, flags);
  if (body === undefined)
    throw new UsageError("give a <json-body> to send, or --file <path|-> with NDJSON lines");
  return sendOne(ctx, queue, body, flags);
};
