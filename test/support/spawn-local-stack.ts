import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * `fifoq local ready: <url> api-key=<producer key>[ operator-key=<operator key>]`. The operator key is
 * optional so that these tests run against stacks with one key and with producer/operator keys.
 */
const READY = /^fifoq local ready: (https?:\/\/\S+) api-key=(\S+)(?: operator-key=(\S+))?[ \t]*$/m;

export interface ReadyLine {
  readonly url: string;
  readonly apiKey: string;
  /** The operator key, or the API key when the stack has only one. */
  readonly operatorKey: string;
}

export const parseReadyLine = (text: string): ReadyLine | undefined => {
  const match = READY.exec(text);
  if (!match) return undefined;
  const [, url = "", apiKey = "", operatorKey] = match;
  return { url, apiKey, operatorKey: operatorKey ?? apiKey };
};

export interface SpawnedStack extends ReadyLine {
  /** Everything the process printed so far. */
  readonly output: () => string;
  /** SIGTERM (the stack stops what it started), SIGKILL after 15 s. */
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** FIFOQ_CONFIG. @default the repository's fifoq.config.ts */
  readonly config?: string;
  /** More environment (e.g. FIFOQ_DYNAMODB_ENDPOINT to reuse a running DynamoDB Local). */
  readonly env?: Readonly<Record<string, string>>;
  /** @default 120000 (a cold DynamoDB Local JVM on a busy machine) */
  readonly readyTimeoutMs?: number;
  /** FIFOQ_STATE_DIR, kept after `stop`. @default a temporary directory of its own, deleted by `stop` */
  readonly stateDir?: string;
  /** Flags after `local/main.ts` (`npm start -- <args>`). @default none */
  readonly args?: readonly string[];
}

const stopChild = async (child: ChildProcess): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
};

/** `npm start` as a child process (tsx local/main.ts, PORT=0), resolved once its ready line is printed. */
export const spawnLocalStack = async (options: SpawnOptions = {}): Promise<SpawnedStack> => {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("FIFOQ_") && name !== "PORT"),
  );
  const ownState = options.stateDir ? undefined : mkdtempSync(join(tmpdir(), "fifoq-state-"));
  const child = spawn(process.execPath, ["--import", "tsx", "local/main.ts", ...(options.args ?? [])], {
    cwd: ROOT,
    env: {
      ...inherited,
      PORT: "0",
      FIFOQ_LOG_LEVEL: "warn",
      FIFOQ_STATE_DIR: options.stateDir ?? (ownState as string),
      ...(options.config ? { FIFOQ_CONFIG: options.config } : {}),
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  const stop = async () => {
    await stopChild(child);
    if (ownState) rmSync(ownState, { recursive: true, force: true });
  };
  for (let ready = parseReadyLine(output); !ready; ready = parseReadyLine(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the local stack did not get ready (exit ${child.exitCode}):\n${output.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const ready = parseReadyLine(output) as ReadyLine;
  return { ...ready, output: () => output, stop };
};
