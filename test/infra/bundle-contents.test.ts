import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { LAMBDA_BUNDLE_OPTIONS } from "../../bench/bundle";

/** The modules esbuild puts in a function's bundle, bundled as the CDK stack bundles it. */
const bundledModules = async (entry: string): Promise<string[]> => {
  const result = await build({
    ...LAMBDA_BUNDLE_OPTIONS,
    entryPoints: [entry],
    write: false,
    metafile: true,
  });
  return Object.keys(result.metafile.inputs);
};

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
