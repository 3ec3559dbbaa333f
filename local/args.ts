import { parseArgs } from "node:util";
import { LocalStackError } from "./errors";

/** What `npm start -- <flags>` asks for. */
export interface LocalArgs {
  /** Delete the kept state (`.fifoq/`: tables, queues, messages, keys) before starting. */
  readonly reset: boolean;
  /** Print the raw JSON lines (as CloudWatch gets them) even on a terminal. */
  readonly json: boolean;
}

const USAGE = "usage: npm start [-- --reset] [--json]";

/** Reads the flags of `npm start`; anything else is refused with the usage line. */
export const parseLocalArgs = (argv: readonly string[]): LocalArgs => {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { reset: { type: "boolean", default: false }, json: { type: "boolean", default: false } },
      strict: true,
      allowPositionals: false,
    });
    return { reset: values.reset, json: values.json };
  } catch (cause) {
    throw new LocalStackError(`${(cause as Error).message} (${USAGE})`, { cause });
  }
};
