import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES_DIR } from "./support/fifoq-test-stack";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const outdir = mkdtempSync(join(tmpdir(), "fifoq-infra-app-"));

/** Runs the CDK app the way cdk.json does (`tsx infra/app.ts`), with FIFOQ_CONFIG pointing at `config`. */
const runApp = (config: string, context: Record<string, unknown> = {}) =>
  spawnSync(process.execPath, ["--import", "tsx", "infra/app.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      FIFOQ_CONFIG: config,
      CDK_OUTDIR: outdir,
      CDK_CONTEXT_JSON: JSON.stringify(context),
    },
    encoding: "utf8",
    timeout: 60_000,
  });

describe("infra/app.ts (the CDK app)", () => {
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("stops synth on a wrong config, naming the queue, the field, the value and what is allowed", () => {
    // Arrange: a config whose visibility timeout is below 6 × the function timeout
    const result = runApp(join(FIXTURES_DIR, "bad-visibility.config.ts"));
    // Assert: the app exits 1 with the config error and no stack trace
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'fifoq config: queue "orders": visibilityTimeoutSeconds = 60 is not allowed; at least 6 × functionTimeoutSeconds (30) = 180',
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("stops synth when the config file is missing, naming the path and FIFOQ_CONFIG", () => {
    // Arrange
    const missing = join(FIXTURES_DIR, "missing.config.ts");

    // Act
    const result = runApp(missing);

    // Assert
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `fifoq config: ${missing}: file not found (set FIFOQ_CONFIG to another path)`,
    );
  });

  it("stops synth when a queue's SQS name would pass 80 characters with the stack's prefix, naming queue, stack and limit", () => {
    // Arrange: a valid config and a 72-character stack name: "<stack>-orders-dlq.fifo" is 88 characters
    const stackName = `Fifoq${"X".repeat(67)}`;
    const result = runApp(join(FIXTURES_DIR, "valid.config.ts"), { stackName });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `fifoq config: queue "orders": name = "orders" is not allowed; in stack "${stackName}" its dead-letter queue would be "${stackName}-orders-dlq.fifo", 88 characters, and SQS allows at most 80`,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("stops synth on a stack name CloudFormation would refuse", () => {
    const result = runApp(join(FIXTURES_DIR, "valid.config.ts"), { stackName: "fifoq_prod" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('fifoq: context stackName = "fifoq_prod" is not allowed');
  });

  it.each([
    [
      { oldestMessageAgeAlarmSeconds: "10" },
      "fifoq: context oldestMessageAgeAlarmSeconds = 10 is not allowed; it must be an integer from 60 to 1209600 s",
    ],
    [
      { alarmEmail: "ops" },
      'fifoq: context alarmEmail = "ops" is not allowed; give one email address, e.g. ops@example.com',
    ],
  ])("stops synth on the context %o, naming the key, the value and what is allowed", (context, message) => {
    // Arrange: a valid config and `cdk synth -c <key>=<wrong value>`
    const result = runApp(join(FIXTURES_DIR, "valid.config.ts"), context);
    // Assert: the app exits 1 with that message and no stack trace
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
