import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, type SpawnedStack, spawnLocalStack } from "../../support/spawn-local-stack";
import { missingPrints, runnableBlocks } from "./readme-blocks";

/** Runs one script in bash with the README's variables set, as a reader's second terminal would. */
const runBash = (script: string, env: Record<string, string>) =>
  new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn("bash", ["-euo", "pipefail", "-c", script], {
      cwd: ROOT,
      env: { ...process.env, ...env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("close", (code) => resolve({ code, output }));
  });

const BLOCK_END = "::fifoq-readme-block-end::";

describe("the README's runnable commands, in order, against npm start", () => {
  const blocks = runnableBlocks(readFileSync(join(ROOT, "README.md"), "utf8"));
  let stack: SpawnedStack;

  beforeAll(async () => {
    stack = await spawnLocalStack();
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it("has runnable blocks with expected output", () => {
    // Assert
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    expect(blocks.every((block) => block.expected.length > 0)).toBe(true);
  });

  it("runs every block with exit code 0, printing what its # prints: comments say", async () => {
    // Arrange: one shell for all blocks, so a variable set in one is there in the next (as in one terminal)
    const script = blocks.map((block) => `${block.script}\necho '${BLOCK_END}'`).join("\n");
    const env = { FIFOQ_URL: stack.url, FIFOQ_API_KEY: stack.apiKey, FIFOQ_OPERATOR_KEY: stack.operatorKey };

    // Act
    const { code, output } = await runBash(script, env);

    // Assert: each block's output holds its expected lines, in order
    const outputs = output.split(BLOCK_END);
    const report = blocks.flatMap((block, index) => {
      const missing = missingPrints(outputs[index] ?? "", block.expected);
      return missing.length > 0 ? [`README line ${block.line}: missing ${missing.join(", ")}`] : [];
    });
    expect({ code, report }, output).toEqual({ code: 0, report: [] });
  }, 240_000);
});
