/**
 * What the CLI prints: human text and tables on stdout, `--json` for scripts, messages on stderr. Strings
 * that come from the API (bodies, errors, ids) are untrusted: control characters are shown escaped, so a
 * message cannot move the cursor or recolour the operator's terminal.
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

const CODES: Readonly<Record<Tone, [number, number]>> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
};

/** NO_COLOR (any non-empty value, see no-color.org) or a non-terminal or TERM=dumb turn colours off. */
export const colorEnabled = (stream: Stream, env: Readonly<Record<string, string | undefined>>): boolean =>
  stream.isTTY === true && !env.NO_COLOR && env.TERM !== "dumb";

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Control characters (ESC, CSI, BEL, …) as visible `\x1b`-style escapes; tabs and newlines kept. */
export const sanitize = (text: string): string =>
  text.replace(CONTROL, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, "0")}`);

export interface Column<Row> {
  readonly header: string;
  readonly value: (row: Row) => string;
  readonly align?: "left" | "right";
  readonly tone?: (row: Row) => Tone | undefined;
  /** Longer values are cut with `…`. */
  readonly maxWidth?: number;
}

const cut = (text: string, max: number | undefined): string =>
  max !== undefined && text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text;

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
    const [on, off] = CODES[tone];
    return `\u001b[${on}m${text}\u001b[${off}m`;
  }

  line(text = ""): void {
    this.options.stdout.write(`${text}\n`);
  }

  /** `--json`: one JSON document on stdout. */
  data(value: unknown): void {
    this.options.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** A note for the human on stderr (never mixed into `--json` output). */
  note(text: string, tone?: Tone): void {
    this.options.stderr.write(`${this.paint(text, tone, "stderr")}\n`);
  }

  error(code: string, message: string, hint?: string): void {
    if (this.json) {
      this.options.stderr.write(`${JSON.stringify({ error: { code, message: sanitize(message) } })}\n`);
      return;
    }
    this.note(`fifoq: ${this.paint(code, "bold", "stderr")} ${sanitize(message)}`, "red");
    if (hint) this.note(hint, "dim");
  }

  table<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): void {
    const cells = rows.map((row) =>
      columns.map((column) => cut(sanitize(column.value(row)), column.maxWidth)),
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
