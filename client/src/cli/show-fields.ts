/** The `list` and `show` commands' lines (`dlq`, `scheduled`): the server's values, escaped and bounded. */

import { escapeText } from "../escape-text.js";
import { type CliContext, count } from "./context.js";
import { type Column, escapeLines, type Tone } from "./output.js";
import { EXIT } from "./usage-error.js";

/** Attributes shown (the contract allows 10). */
const MAX_ATTRIBUTES = 50;

/** `2024-05-01T12:00:03.123Z` → `2024-05-01 12:00:03` (the server's value as text, whatever it sent). */
export const when = (iso: unknown): string =>
  iso === undefined || iso === null
    ? ""
    : String(iso)
        .replace("T", " ")
        .replace(/\.\d+Z$|Z$/, "");

/** One `name value` line; the value is the server's, so it is escaped to one bounded line. */
export const field = (ctx: CliContext, name: string, value: unknown, tone?: Tone) => {
  if (value === undefined || value === null || value === "") return;
  ctx.output.line(
    `${ctx.output.paint(name.padEnd(15), "bold")} ${ctx.output.paint(escapeText(value), tone)}`,
  );
};

export const showAttributes = (ctx: CliContext, attributes: Readonly<Record<string, string>> | undefined) => {
  const entries = Object.entries(attributes ?? {});
  ctx.output.line(ctx.output.paint("attributes", "bold"));
  if (entries.length === 0) ctx.output.line("  (none)");
  for (const [name, value] of entries.slice(0, MAX_ATTRIBUTES))
    ctx.output.line(`  ${escapeText(name, 200)} = ${escapeText(value)}`);
  if (entries.length > MAX_ATTRIBUTES)
    ctx.output.line(`  … and ${count(entries.length - MAX_ATTRIBUTES)} more (--json lists all)`);
};

const indent = (text: string) => text.replace(/^/gm, "  ");

/**
 * A text body on one escaped line; a JSON body pretty-printed, each of its lines escaped; both cut at
 * `maxBody` characters. Returns the length of the whole text, so a caller can say that it was cut.
 */
export const showBody = (ctx: CliContext, body: unknown, maxBody: number): number => {
  const text = typeof body === "string" ? body : (JSON.stringify(body, null, 2) ?? "");
  ctx.output.line(ctx.output.paint("body", "bold"));
  ctx.output.line(
    indent(
      typeof body === "string" ? escapeText(text, maxBody) : escapeLines(text.slice(0, maxBody), maxBody),
    ),
  );
  return text.length;
};

/** One line of a `show`: name, value (no line when it is empty) and tone; `false` for a line the record lacks. */
type FieldRow = readonly [name: string, value: unknown, tone?: Tone] | false;

interface ShownRecord {
  readonly id: string;
  readonly queue: string;
  readonly groupId: string;
  readonly dedupId: string;
  readonly attributes?: Readonly<Record<string, string>> | undefined;
}

/**
 * A record as the `show` commands print it: with `--json` the record itself; else its id, queue, `state`
 * rows, group and dedup id, then `rows`, its attributes, and its body (`body` prints it).
 */
export const showRecord = (
  ctx: CliContext,
  record: ShownRecord,
  state: readonly FieldRow[],
  rows: readonly FieldRow[],
  body: () => void,
): number => {
  if (ctx.output.json) {
    ctx.output.data(record);
    return EXIT.ok;
  }
  const identity: FieldRow[] = [["id", record.id], ["queue", record.queue], ...state];
  const ids: FieldRow[] = [
    ["group", record.groupId],
    ["dedup id", record.dedupId],
  ];
  for (const row of [...identity, ...ids, ...rows]) if (row) field(ctx, ...row);
  showAttributes(ctx, record.attributes);
  body();
  return EXIT.ok;
};

/**
 * One page of a `list` command: with `--json` the page itself; else its items as a table (`empty` when there
 * are none) and, when there is a next page, the command that lists it (`listCommand` + `--cursor`).
 */
export const showPage = <Row>(
  ctx: CliContext,
  page: { readonly items: readonly Row[]; readonly nextCursor?: string | undefined },
  columns: readonly Column<Row>[],
  text: { readonly empty: string; readonly listCommand: string },
): number => {
  if (ctx.output.json) {
    ctx.output.data(page);
    return EXIT.ok;
  }
  if (page.items.length === 0) ctx.output.line(text.empty);
  else ctx.output.table(page.items, columns);
  if (page.nextCursor)
    ctx.output.note(`more: ${text.listCommand} --cursor ${escapeText(page.nextCursor)}`, "dim");
  return EXIT.ok;
};
