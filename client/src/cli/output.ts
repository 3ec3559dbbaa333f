import { escapeText } from "../escape-text.js";

/**
 * What the CLI prints: human text and tables on stdout, `--json` for scripts, messages on stderr. Every
 * string that comes from the API or from data (bodies, attributes, errors, codes, ids) is untrusted and goes
 * out through `escapeText`: one line, bounded, control characters and bidirectional overrides spelled out, so
 * a message can neither drive the operator's terminal nor forge a line or a table row.
 */

export interface Stream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface OutputOptions {
  readonly json: boolean;
  readonly stdout: Stream;
  readonly stderr: Stream;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export type Tone = "bold" | "dim" | "red" | "green" | "yellow" | "cyan";

/** Each tone's SGR code; it is ended by 22 (normal intensity) for bold and dim, 39 (default colour) for a colour. */
const SGR: Readonly<Record<Tone, number>> = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33, cyan: 36 };

/** NO_COLOR (any non-empty value, see no-color.org) or a non-terminal or TERM=dumb turn colours off. */
export const colorEnabled = (stream: Stream, env: Readonly<Record<string, string | undefined>>): boolean =>
  stream.isTTY === true && !env.NO_COLOR && env.TERM !== "dumb";

/** Longest value of an error code on screen. */
const MAX_CODE = 100;

/**
 * Text of our own making whose lines hold untrusted parts (a usage error listing a file's lines, JSON):
 * each line through `escapeText`, our line breaks kept.
 */
export const escapeLines = (text: string, maxPerLine?: number): string =>
  text
    .split("\n")
    .map((line) => escapeText(line, maxPerLine))
    .join("\n");

export interface Column<Row> {
  readonly header: string;
  readonly value: (row: Row) => string;
  readonly align?: "left" | "right";
  readonly tone?: (row: Row) => Tone | undefined;
  /** Longer values are cut with `…`. @default 200 */
  readonly maxWidth?: number;
}

const MAX_CELL = 200;

export class Output {
  readonly json: boolean;
  private readonly color: boolean;
  private readonly errorColor: boolean;

  constructor(private readonly options: OutputOptions) {
    this.json = options.json;
    this.color = colorEnabled(options.stdout, options.env);
    this.errorColor = colorEnabled(options.stderr, options.env);
  }

  get stderr(): Stream {
    return this.options.stderr;
  }

  /** Whether a progress bar may be drawn (a terminal on stderr, not `--json`). */
  get interactive(): boolean {
    return !this.json && this.options.stderr.isTTY === true;
  }

  paint(text: string, tone: Tone | undefined, stream: "stdout" | "stderr" = "stdout"): string {
    const enabled = stream === "stdout" ? this.color : this.errorColor;
    if (!tone || !enabled) return text;
    const on = SGR[tone];
    return `\u001b[${on}m${text}\u001b[${on < 30 ? 22 : 39}m`;
  }

  /** Whether stdout is a terminal (data for a file or a pipe is not written there). */
  get terminal(): boolean {
    return this.options.stdout.isTTY === true;
  }

  /** Text on stdout exactly as given, no newline added: data for a file or a pipe (the caller checks `terminal`). */
  raw(text: string): void {
    this.options.stdout.write(text);
  }

  line(text = ""): void {
    this.options.stdout.write(`${text}\n`);
  }

  /**
   * `--json`: one JSON document on stdout (`line`: on one line, e.g. each refresh of `stats --watch`). JSON.stringify escapes C0 controls; DEL, C1 and the bidi
   * characters are escaped too (`\u202e` is JSON), so even raw JSON cannot drive the terminal.
   */
  data(value: unknown, layout: "pretty" | "line" = "pretty"): void {
    const text = layout === "line" ? JSON.stringify(value) : JSON.stringify(value, null, 2);
    this.options.stdout.write(`${escapeLines(text, Number.POSITIVE_INFINITY)}\n`);
  }

  /** A note for the human on stderr (never mixed into `--json` output). */
  note(text: string, tone?: Tone): void {
    this.options.stderr.write(`${this.paint(text, tone, "stderr")}\n`);
  }

  /**
   * An error on stderr: the code escaped whole, the message line by line (a usage error may list lines;
   * an untrusted message is escaped to one line by the caller first).
   */
  error(code: string, message: string, hint?: string): void {
    if (this.json) {
      const line = JSON.stringify({ error: { code, message } });
      this.options.stderr.write(`${escapeLines(line, Number.POSITIVE_INFINITY)}\n`);
      return;
    }
    const shown = this.paint(escapeText(code, MAX_CODE), "bold", "stderr");
    this.note(`fifoq: ${shown} ${escapeLines(message)}`, "red");
    if (hint) this.note(hint, "dim");
  }

  table<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): void {
    const cells = rows.map((row) =>
      columns.map((column) => escapeText(column.value(row), column.maxWidth ?? MAX_CELL)),
    );
    const widths = columns.map((column, index) =>
      Math.max(column.header.length, ...cells.map((row) => row[index]?.length ?? 0)),
    );
    const pad = (text: string, index: number) => {
      const width = widths[index] ?? 0;
      return columns[index]?.align === "right" ? text.padStart(width) : text.padEnd(width);
    };
    this.line(
      this.paint(
        columns
          .map((column, index) => pad(column.header, index))
          .join("  ")
          .trimEnd(),
        "bold",
      ),
    );
    for (const [rowIndex, row] of cells.entries()) {
      const source = rows[rowIndex] as Row;
      const text = row.map((cell, index) => this.paint(pad(cell, index), columns[index]?.tone?.(source)));
      this.line(text.join("  ").trimEnd());
    }
  }
}
