import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { LAMBDA_BUNDLE_OPTIONS } from "../../bench/bundle";

/** A function's bundle, built as the CDK stack builds it: the modules in it and its code. */
const bundle = async (entry: string): Promise<{ modules: string[]; code: string }> => {
  const result = await build({
    ...LAMBDA_BUNDLE_OPTIONS,
    entryPoints: [entry],
    write: false,
    metafile: true,
  });
  return { modules: Object.keys(result.metafile.inputs), code: result.outputFiles[0]?.text ?? "" };
};

const bundledModules = async (entry: string): Promise<string[]> => (await bundle(entry)).modules;

describe("what the consumer and recorder bundles carry of the contract", () => {
  it.each([
    ["the example consumer", "functions/consumers/orders.ts", "functions/core/consumer/message.ts"],
    [
      "the dead-letter recorder",
      "functions/handlers/dead-letter-recorder.ts",
      "functions/core/dead-letters/recorder.ts",
    ],
  ])("%s imports the contract's pieces, never the API's route table", async (_name, entry, own) => {
    // Act
    const modules = await bundledModules(entry);

    // Assert: its own code is there, the route table is not
    expect(modules).toContain(own);
    expect(modules).not.toContain("contract/routes.ts");
  });
});

describe("what the consumer bundle leaves to the API and the recorder", () => {
  it.each([
    ["the API's and release function's environment names", "FIFOQ_OPERATOR_KEY_ID"],
    ["the API's queue list variable", "FIFOQ_QUEUES"],
    ["the payload store's write (only the API and recorder put)", "PutObjectCommand"],
    ["the producer's limits table", "maxBatchEntries"],
    ["the contract's wire limits table", "maxDeadLetterPage"],
    ["the API's and release function's metric names", "ReleaseLatenessMs"],
  ])("does not carry %s", async (_what, text) => {
    // Act
    const { code } = await bundle("bench/fixtures/fifoq-consumer.ts");

    // Assert: the consumer's own variables and its payload read are there, the rest is not
    expect(code).toContain("FIFOQ_IDEMPOTENCY_TABLE");
    expect(code).toContain("GetObjectCommand");
    expect(code).not.toContain(text);
  });
});
