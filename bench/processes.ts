import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { ListQueuesCommand } from "@aws-sdk/client-sqs";
import { createSqsClient } from "../functions/adapters/sqs/sqs-client";
import { freePort } from "../local/emulators/free-port";

export interface ChildService {
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

const stopper = (child: ChildProcess) => () =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });

/** fauxqs as a child process (its own CLI), standing in for SQS as a service of its own. */
export const startFauxqsProcess = async (): Promise<ChildService & { endpoint: string }> => {
  const port = await freePort();
  const child = spawn(process.execPath, ["node_modules/fauxqs/dist/cli.js"], {
    env: { ...process.env, FAUXQS_PORT: String(port), FAUXQS_LOGGER: "false" },
    stdio: "ignore",
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const sqs = createSqsClient({ endpoint });
  for (let i = 0; i < 200; i++) {
    try {
      await sqs.send(new ListQueuesCommand({}));
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  sqs.destroy();
  return { child, endpoint, stop: stopper(child) };
};

/** Runs a tsx entry that prints one JSON line when it is ready, and returns that line parsed. */
export const startTsxProcess = async <T>(
  entry: string,
  env: Record<string, string>,
): Promise<ChildService & { ready: T }> => {
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
  for await (const line of lines) {
    if (line.startsWith("{")) return { child, ready: JSON.parse(line) as T, stop: stopper(child) };
  }
  throw new Error(`${entry} exited before it was ready`);
};
