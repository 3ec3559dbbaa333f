import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { openSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** `node --import tsx <entry>` in the repository, output to `logPath`. */
export const spawnTsx = (
  entry: string,
  env: Readonly<Record<string, string | undefined>>,
  logPath: string,
  stdin: "pipe" | "ignore" = "ignore",
): ChildProcess => {
  const log = openSync(logPath, "a");
  return spawn(process.execPath, ["--import", "tsx", entry], { cwd: ROOT, env, stdio: [stdin, log, log] });
};

/** Waits for a child to end; SIGKILL after `graceMs` if a SIGTERM was not enough. */
export const stopChild = async (child: ChildProcess, graceMs = 10_000): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
};

/** Polls `ready` every 100 ms until it is true, the child exits, or `timeoutMs` passes. */
export const waitUntil = async (
  ready: () => Promise<boolean> | boolean,
  child: ChildProcess,
  timeoutMs: number,
): Promise<boolean> => {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    if (await ready()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
};
