import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestStack, SYNTH_TIMEOUT_MS } from "./support/fifoq-test-stack";
import { functionProps } from "./support/template-queries";

describe("function bundles (local esbuild, no Docker)", () => {
  const outdir = mkdtempSync(join(tmpdir(), "fifoq-infra-bundle-"));
  let bundleDir: string;

  beforeAll(() => {
    // Arrange: a stack whose consumer imports @aws-sdk/client-sqs, When it is synthesized with bundling
    const { template } = buildTestStack({ bundle: true, outdir });
    const code = functionProps(template(), "fifoq consumer of orders.fifo").Code as { S3Key: string };
    bundleDir = join(outdir, `asset.${code.S3Key.replace(/\.zip$/, "")}`);
  }, SYNTH_TIMEOUT_MS);

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("is one minified ES module and no source map", () => {
    expect(readdirSync(bundleDir)).toEqual(["index.mjs"]);
    const bundle = readFileSync(join(bundleDir, "index.mjs"), "utf8");
    expect(bundle.split("\n").length).toBeLessThan(10);
    expect(bundle).not.toContain("sourceMappingURL");
  });

  it("leaves @aws-sdk/* to the Lambda runtime", () => {
    const bundle = readFileSync(join(bundleDir, "index.mjs"), "utf8");
    expect(bundle).toMatch(/from\s*"@aws-sdk\/client-sqs"/);
    expect(bundle).not.toContain("@smithy/");
  });

  it("gives CommonJS dependencies a `require` inside the ES module", () => {
    const bundle = readFileSync(join(bundleDir, "index.mjs"), "utf8");
    expect(bundle.startsWith('import { createRequire as __fifoqCreateRequire } from "node:module";')).toBe(
      true,
    );
  });
});
