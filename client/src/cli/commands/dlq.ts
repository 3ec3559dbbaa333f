import { isRedriveUncertain } from "../../../../contract/index.js";
import { bodyNotice } from "../../dead-letter-body.js";
import { escapeText } from "../../escape-text.js";
import type { DeadLetter, DeadLetterStatus } from "../../types.js";
import { type CliContext, count, positiveInt } from "../context.js";
import type { Column, Tone } from "../output.js";
import { startProgress } from "../progress.js";
import { showBody, showPage, showRecord, when } from "../show-fields.js";
import { EXIT, UsageError } from "../usage-error.js";
import { bodyCommandHint } from "./dlq-body.js";

export const STATUSES: readonly DeadLetterStatus[] = ["new", "redriving", "redriven", "discarded"];

const STATUS_TONE: ReadonlyMap<unknown, Tone> = new Map<DeadLetterStatus, Tone>([
  ["new", "yellow"],
  ["redriving", "yellow"],
  ["redriven", "green"],
  ["discarded", "dim"],
]);

/** The body shown by `dlq show`, in characters; `--json` prints it whole. */
const MAX_BODY = 65_536;

const errorText = (letter: DeadLetter): string =>
  letter.lastError ? `${letter.lastError.name}: ${letter.lastError.message}` : "";

/** The status, and `uncertain` for a record left `redriving` that a redrive would refuse without --force. */
const statusText = (letter: DeadLetter): string =>
  isRedriveUncertain(letter, Date.now()) ? `${letter.status} (uncertain)` : letter.status;

const LIST_COLUMNS: readonly Column<DeadLetter>[] = [
  { header: "ID", value: (row) => row.id },
  { header: "GROUP", value: (row) => row.groupId, maxWidth: 32 },
  { header: "STATUS", value: (row) => statusText(row), tone: (row) => STATUS_TONE.get(row.status) },
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
  const filtered = flags.group || flags.status ? " matching the filter" : "";
  return showPage(ctx, page, LIST_COLUMNS, {
    empty: `no dead letters on ${escapeText(queue)}${filtered}`,
    listCommand: `fifoq dlq list ${escapeText(queue)}`,
  });
};

/**
 * The body, then a note where it was cut; in its place, one line saying why when the answer lacks it (left out
 * of an answer too large for the API, with how to read it: `dlq body`; or lost).
 */
const showBodyNoted = (ctx: CliContext, letter: DeadLetter, hint: string) => {
  const notice = bodyNotice(letter);
  if (notice) {
    ctx.output.line(ctx.output.paint("body", "bold"));
    ctx.output.line(`  ${ctx.output.paint(`(${notice.text})`, notice.kind === "lost" ? "yellow" : "dim")}`);
    if (notice.kind === "omitted") ctx.output.line(`  ${hint}`);
    return;
  }
  const length = showBody(ctx, letter.body, MAX_BODY);
  if (length > MAX_BODY)
    ctx.output.note(
      `the body is cut at ${count(MAX_BODY)} of ${count(length)} characters: --json prints it whole`,
      "dim",
    );
};

/** `fifoq dlq show <queue> <id>`: every field, the attributes, the last error and the body. */
export const show = async (ctx: CliContext, queue: string, id: string): Promise<number> => {
  const letter = await (await ctx.client("operator")).getDeadLetter(queue, id);
  const { lastError, redrivenMessageId } = letter;
  const uncertain = isRedriveUncertain(letter, Date.now());
  return showRecord(
    ctx,
    letter,
    [
      ["status", statusText(letter), STATUS_TONE.get(letter.status)],
      ["redrive claimed", when(letter.redriveClaimedAt)],
      uncertain
        ? [
            "uncertain",
            `a redrive claimed it over 5 minutes ago and did not finish: it may have been sent and run. Check its effect, then: fifoq dlq redrive ${escapeText(queue)} ${escapeText(id)} --force`,
            "yellow",
          ]
        : false,
    ],
    [
      ["message id", letter.messageId],
      ["receives", letter.receiveCount],
      ["first sent", when(letter.firstSentAt)],
      ["dead-lettered", when(letter.deadLetteredAt)],
      lastError ? ["last error", `${errorText(letter)} (${when(lastError.at)})`, "red"] : false,
      redrivenMessageId ? ["redriven", `as ${redrivenMessageId} at ${when(letter.redrivenAt)}`] : false,
      ["discarded", when(letter.discardedAt)],
    ],
    () => showBodyNoted(ctx, letter, bodyCommandHint(queue, id)),
  );
};

export interface RedriveFlags {
  readonly all?: boolean;
  readonly group?: string;
  /** Send a dead letter the API calls uncertain (left `redriving`; it may have run) anyway. */
  readonly force?: boolean;
}

/** Uncertain ids printed after `--all` (`--json` lists every one the client kept). */
const MAX_UNCERTAIN_SHOWN = 20;

/** Redrive-all never forces: the uncertain ones are listed, with how to send each once checked. */
const reportUncertain = (ctx: CliContext, queue: string, ids: readonly string[]) => {
  if (ids.length === 0) return;
  ctx.output.line(
    ctx.output.paint(
      `${count(ids.length)} uncertain (left redriving over 5 minutes ago; they may have run), not sent, their groups wait:`,
      "yellow",
    ),
  );
  for (const id of ids.slice(0, MAX_UNCERTAIN_SHOWN)) ctx.output.line(`  ${escapeText(id)}`);
  if (ids.length > MAX_UNCERTAIN_SHOWN)
    ctx.output.line(`  … and ${count(ids.length - MAX_UNCERTAIN_SHOWN)} more (--json lists them)`);
  ctx.output.note(
    `check each one's effect, then: fifoq dlq redrive ${escapeText(queue)} <id> --force`,
    "dim",
  );
};

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
    const scope =
      group === undefined ? escapeText(queue) : `group ${escapeText(group)} of ${escapeText(queue)}`;
    ctx.output.line(
      ctx.output.paint(
        `redriven ${count(result.redriven)} dead letter(s) of ${scope} in ${result.calls} call(s)`,
        "green",
      ),
    );
    if (result.failed > 0) {
      ctx.output.line(
        ctx.output.paint(
          `${count(result.failed)} could not be sent (they stay new, and their groups wait): see fifoq dlq list ${escapeText(queue)} --status new`,
          "yellow",
        ),
      );
    }
    reportUncertain(ctx, queue, result.uncertain);
    if (!result.complete)
      ctx.output.line(
        ctx.output.paint(
          "stopped: the API kept saying more but redrove nothing; run it again later",
          "yellow",
        ),
      );
  }
  return result.failed > 0 || result.uncertain.length > 0 || !result.complete ? EXIT.refused : EXIT.ok;
};

/** `fifoq dlq redrive <queue> <id> [--force]` or `fifoq dlq redrive <queue> --all [--group g]`. */
export const redrive = async (
  ctx: CliContext,
  queue: string,
  id: string | undefined,
  flags: RedriveFlags,
): Promise<number> => {
  if (flags.all && id !== undefined) throw new UsageError("give either an <id> or --all, not both");
  if (flags.all && flags.force)
    throw new UsageError("--force goes with one <id>: --all never forces, it lists the uncertain ones");
  if (flags.all) return redriveEvery(ctx, queue, flags.group);
  if (id === undefined) throw new UsageError("give the <id> of a dead letter, or --all [--group g]");
  if (flags.group !== undefined) throw new UsageError("--group goes with --all");
  const result = await (await ctx.client("operator")).redriveDeadLetter(queue, id, { force: flags.force });
  if (ctx.output.json) ctx.output.data(result);
  else
    ctx.output.line(
      `${ctx.output.paint("redriven", "green")} ${escapeText(result.id)} → message ${escapeText(result.messageId)} on ${escapeText(queue)}`,
    );
  return EXIT.ok;
};

/** `fifoq dlq discard <queue> <id>`: marks it `discarded` (it cannot be redriven afterwards). */
export const discard = async (ctx: CliContext, queue: string, id: string): Promise<number> => {
  await (await ctx.client("operator")).discardDeadLetter(queue, id);
  if (ctx.output.json) ctx.output.data({ id, status: "discarded" });
  else ctx.output.line(`${ctx.output.paint("discarded", "dim")} ${escapeText(id)} on ${escapeText(queue)}`);
  return EXIT.ok;
};
