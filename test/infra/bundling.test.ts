import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_API_ENTRY } from "../../infra/constructs/fifoq-api";
import { buildTestStack, queueConfig, SYNTH_TIMEOUT_MS, testConfig } from "./support/fifoq-test-stack";
import { functionProps } from "./support/template-queries";

describe("function bundles (local esbuild, no Docker)", () => {
  const outdir = mkdtempSync(join(tmpdir(), "fifoq-infra-bundle-"));
  let bundleDir: string;
  let apiBundleDir: string;

  beforeAll(() => {
    // Arrange: a stack whose consumer imports @aws-sdk/client-sqs; Act: it is synthesized with bundling
    const { template, queueTemplate } = buildTestStack({
      bundle: true,
      outdir,
      config: testConfig({
        queues: [queueConfig(), queueConfig({ name: "audit-log", contentBasedDeduplication: true })],
      }),
      props: { apiEntry: DEFAULT_API_ENTRY },
    });
    const assetDir = (code: unknown) =>
      join(outdir, `asset.${(code as { S3Key: string }).S3Key.replace(/\.zip$/, "")}`);
    bundleDir = assetDir(
      functionProps(queueTemplate("orders"), "fifoq consumer of FifoqTest-orders.fifo").Code,
    );
    apiBundleDir = assetDir(functionProps(template(), "fifoq producer and dead-letter API").Code);
  }, SYNTH_TIMEOUT_MS);

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("leaves the API's route table out of the consumer: it imports the contract's pieces, not its index", () => {
    // Arrange
    const consumer = readFileSync(join(bundleDir, "index.mjs"), "utf8");
    const api = readFileSync(join(apiBundleDir, "index.mjs"), "utf8");

    // Assert: the route table's own text is in the API and nowhere in the consumer
    expect(api).toContain("/openapi.json");
    expect(consumer).not.toContain("/openapi.json");
  });

  it("is one minified ES module and no source map", () => {
    // Assert
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

  it("bundles the queue list into the API function's code, so it is not bound by the 4 KB environment", () => {
    // Arrange
    const bundle = readFileSync(join(apiBundleDir, "index.mjs"), "utf8");
    const idempotency = { dedupScope: "messageGroup", idempotencyWindowSeconds: 86_400 };
    const catalog = JSON.stringify({
      orders: { contentBasedDeduplication: false, ...idempotency },
      "audit-log": { contentBasedDeduplication: true, ...idempotency },
    });

    // Assert
    expect(bundle.includes(catalog), "the bundle holds the queue list").toBe(true);
    expect(bundle.includes("process.env.FIFOQ_QUEUES"), "read from the bundle, not the environment").toBe(
      false,
    );
  });

  it("gives CommonJS dependencies a `require` inside the ES module", () => {
    // Arrange
    const bundle = readFileSync(join(bundleDir, "index.mjs"), "utf8");

    // Assert
    expect(bundle.startsWith('import { createRequire as __fifoqCreateRequire } from "node:module";')).toBe(
      true,
    );
  });
});
