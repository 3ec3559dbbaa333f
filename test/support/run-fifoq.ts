import { execFile } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./spawn-local-stack";

/** The repository's `fifoq` bin (it runs the TypeScript source through tsx). */
export const FIFOQ_BIN = join(ROOT, "client/bin/fifoq.js");

export interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The `fifoq` bin in a process of its own, as `npx fifoq` runs it, with only PATH and `env` set. */
export const runFifoq = (
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  options: { readonly cwd?: string } = {},
): Promise<Ran> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      [FIFOQ_BIN, ...args],
      {
        cwd: options.cwd ?? ROOT,
        env: { PATH: process.env.PATH ?? "", ...env },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) =>
        resolve({ code: typeof error?.code === "number" ? error.code : 0, stdout, stderr }),
    );
  });
