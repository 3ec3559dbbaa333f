import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, inject, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const READY = /^fifoq local ready: (http:\/\/127\.0\.0\.1:\d+\/v1) api-key=(\S+) operator-key=(\S+)$/m;

/** `npm start` without npm: the same entry under tsx, with only the given FIFOQ_* variables and a state dir of its own. */
const start = (env: Record<string, string>): ChildProcessWithoutNullStreams => {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("FIFOQ_") && name !== "PORT"),
  );
  return spawn(process.execPath, ["--import", "tsx", "local/main.ts"], {
    cwd: ROOT,
    env: { ...inherited, FIFOQ_STATE_DIR: mkdtempSync(join(tmpdir(), "fifoq-main-")), ...env },
  });
};

const collect = (child: ChildProcessWithoutNullStreams) => {
  const output = { stdout: "", stderr: "" };
  child.stdout.on("data", (chunk: Buffer) => {
    output.stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output.stderr += chunk.toString();
  });
  return output;
};

const waitForReady = async (child: ChildProcessWithoutNullStreams, output: { stdout: string }) => {
  while (!READY.test(output.stdout)) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode} before it was ready`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const [, url = "", apiKey = "", operatorKey = ""] = READY.exec(output.stdout) ?? [];
  return { url, apiKey, operatorKey };
};

describe("npm start (local/main.ts)", () => {
  it("refuses a wrong configuration with its message (queue, field, value) and exit code 1", async () => {
    // Arrange
    const child = start({ PORT: "0", FIFOQ_CONFIG: fixture("invalid.config.ts") });
    const output = collect(child);

    // Act
    const [code] = await once(child, "exit");

    // Assert
    expect(code).toBe(1);
    expect(output.stderr).toContain('queue "fixture": visibilityTimeoutSeconds = 1 is not allowed');
    expect(output.stdout).not.toMatch(READY);
  });

  it("prints the ready line with both keys, serves each with its rights, and stops on SIGINT with exit code 0", async () => {
    // Arrange
    const child = start({
      PORT: "0",
      FIFOQ_CONFIG: fixture("fixture.config.ts"),
      FIFOQ_DYNAMODB_ENDPOINT: inject("dynamoDbEndpoint"),
      FIFOQ_API_KEY: "main-test-key-0123456789",
      FIFOQ_OPERATOR_KEY: "main-test-operator-key-0123456789",
      FIFOQ_LOG_LEVEL: "warn",
    });
    const output = collect(child);
    try {
      // Act: wait for the ready line, then call with each key
      const { url, apiKey, operatorKey } = await waitForReady(child, output);
      const response = await fetch(`${url}/queues`, { headers: { "x-api-key": apiKey } });
      const deadLetters = (key: string) =>
        fetch(`${url}/queues/fixture/dead-letters`, { headers: { "x-api-key": key } });

      // Assert
      expect(apiKey).toBe("main-test-key-0123456789");
      expect(operatorKey).toBe("main-test-operator-key-0123456789");
      expect(response.status).toBe(200);
      expect((await deadLetters(apiKey)).status).toBe(403);
      expect((await deadLetters(operatorKey)).status).toBe(200);

      // Act: SIGINT
      const exited = once(child, "exit");
      child.kill("SIGINT");
      const [code] = await exited;

      // Assert
      expect(code).toBe(0);
      expect(output.stderr).toContain("SIGINT: stopping fifoq local");
      await expect(fetch(`${url}/queues`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
