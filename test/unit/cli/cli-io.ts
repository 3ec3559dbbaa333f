import { runCli } from "../../../client/src/cli/run.js";

/** A stream that keeps what was written; `isTTY` as given. */
export const capture = (isTTY = false) => {
  let text = "";
  return {
    isTTY,
    write: (chunk: string) => {
      text += chunk;
      return true;
    },
    get text() {
      return text;
    },
  };
};

export interface RunOptions {
  readonly env?: Record<string, string | undefined>;
  readonly fetch?: typeof fetch;
  readonly cwd?: string;
  readonly stdin?: string;
  readonly tty?: boolean;
}

/** Runs the CLI in-process with captured output; resolves to `{ code, stdout, stderr }`. */
export const cli = async (argv: string[], options: RunOptions = {}) => {
  const stdout = capture(options.tty);
  const stderr = capture(options.tty);
  const code = await runCli({
    argv,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    stdout,
    stderr,
    stdin: [options.stdin ?? ""],
    version: "0.0.0-test",
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
};
