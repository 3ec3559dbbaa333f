import { escapeText } from "../../escape-text.js";
import type { CliContext } from "../context.js";
import { EXIT, UsageError } from "../usage-error.js";

/** The command that saves one dead letter's body to a file, its names escaped for the terminal. */
const bodyCommand = (queue: string, id: string): string =>
  `fifoq dlq body ${escapeText(queue)} ${escapeText(id)} > body.json`;

/** How to read a body `dlq show` could not show (the command below), for one dead letter. */
export const bodyCommandHint = (queue: string, id: string): string =>
  `read it whole: ${bodyCommand(queue, id)}`;

/**
 * `fifoq dlq body <queue> <id>`: the dead letter's raw body (the text SQS delivered), whatever its size, on
 * stdout exactly as it is, for a file or a pipe. On a terminal it is refused (exit 2, nothing is read): the
 * text is the server's, anything may be in it, and escaping it would change the bytes. `--json` prints
 * `{ queue, id, body }` instead, escaped as all JSON output is (a terminal is fine then).
 */
export const body = async (ctx: CliContext, queue: string, id: string): Promise<number> => {
  if (!ctx.output.json && ctx.output.terminal)
    throw new UsageError(
      "the body is data: stdout is a terminal",
      `redirect it (${bodyCommand(queue, id)}), pipe it (| jq .), or add --json`,
    );
  const text = await (await ctx.client("operator")).deadLetterBody(queue, id);
  if (ctx.output.json) {
    ctx.output.data({ queue, id, body: text });
    return EXIT.ok;
  }
  ctx.output.raw(text);
  // A lost body (`bodyTruncated`) reads as empty: say so, rather than leave an empty file with no word.
  if (text === "")
    ctx.output.note(
      `fifoq: the body is empty (a lost body reads as empty: fifoq dlq show ${escapeText(queue)} ${escapeText(id)})`,
      "yellow",
    );
  return EXIT.ok;
};
