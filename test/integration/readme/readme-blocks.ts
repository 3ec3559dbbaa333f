/** A shell block of the README marked runnable (```bash runnable), with what its `# prints:` comments expect. */
export interface RunnableBlock {
  /** The line of the README where the block starts (for failure messages). */
  readonly line: number;
  readonly script: string;
  /** One pattern per `# prints:` comment, in order; `…` stands for any text. */
  readonly expected: readonly RegExp[];
}

const PRINTS = /#\s*prints:\s*(.+)$/;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `…` matches anything; the rest literally, the whole (trimmed) line. */
export const printsPattern = (text: string): RegExp =>
  new RegExp(`^${text.trim().split("…").map(escapeRegExp).join(".*")}$`);

/** Every ```bash runnable block of a Markdown text, in order. */
export const runnableBlocks = (markdown: string): RunnableBlock[] => {
  const lines = markdown.split("\n");
  const blocks: RunnableBlock[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    if (lines[index]?.trim() !== "```bash runnable") continue;
    const start = index + 1;
    let end = start;
    while (end < lines.length && lines[end]?.trim() !== "```") end += 1;
    const body = lines.slice(start, end);
    const expected = body.flatMap((line) => {
      const match = PRINTS.exec(line);
      return match?.[1] ? [printsPattern(match[1])] : [];
    });
    blocks.push({ line: start, script: body.join("\n"), expected });
    index = end;
  }
  return blocks;
};

/** The expected patterns not found, in order, among the output's lines (each line used once, in order). */
export const missingPrints = (output: string, expected: readonly RegExp[]): RegExp[] => {
  const lines = output.split("\n").map((line) => line.trim());
  let at = 0;
  const missing: RegExp[] = [];
  for (const pattern of expected) {
    const found = lines.findIndex((line, index) => index >= at && pattern.test(line));
    if (found < 0) missing.push(pattern);
    else at = found + 1;
  }
  return missing;
};
