import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../../support/spawn-local-stack";

const exec = promisify(execFile);
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

describe("npm pack in client/ (the published @fifoq/client)", () => {
  const app = mkdtempSync(join(tmpdir(), "fifoq-app-"));
  let files: string[] = [];

  beforeAll(async () => {
    const packed = await exec(NPM, ["pack", "--json", "--pack-destination", app], {
      cwd: join(ROOT, "client"),
    });
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    files = info?.files.map((file) => file.path) ?? [];
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
    await exec(NPM, ["install", "--offline", "--no-audit", "--no-fund", `./${info?.filename}`], { cwd: app });
  }, 180_000);

  it("holds the built library, its types, the compiled wire contract, the bundled CLI and no source", () => {
    // Assert: the files npm packed (in beforeAll)
    expect(files).toEqual(
      expect.arrayContaining([
        "dist/client/src/index.js",
        "dist/client/src/index.d.ts",
        "dist/client/src/sigv4.js",
        "dist/contract/index.js",
        "dist/cli.js",
        "bin/fifoq.js",
        "package.json",
      ]),
    );
    expect(files.filter((file) => file.startsWith("src/"))).toEqual([]);
  });

  it("installs with no runtime dependencies and imports as ESM, the SigV4 entry included", async () => {
    // Arrange: a script that imports both entries, in an app that installed the packed tarball
    writeFileSync(
      join(app, "check.mjs"),
      [
        'import { FifoqClient, QueueNotFoundError, NotFoundError } from "@fifoq/client";',
        'import { sigv4Signer } from "@fifoq/client/sigv4";',
        'const client = new FifoqClient({ url: "http://127.0.0.1:1/v1", apiKey: "k" });',
        "console.log(JSON.stringify({ client: typeof client.publishBatch, errors: new QueueNotFoundError({ code: 'QUEUE_NOT_FOUND', status: 404, message: 'x' }) instanceof NotFoundError, sigv4: typeof sigv4Signer }));",
      ].join("\n"),
    );

    // Act
    const { stdout } = await exec(process.execPath, ["check.mjs"], { cwd: app });
    const installed = JSON.parse(readFileSync(join(app, "node_modules/@fifoq/client/package.json"), "utf8"));

    // Assert
    expect(JSON.parse(stdout)).toEqual({ client: "function", errors: true, sigv4: "function" });
    expect(installed.dependencies ?? {}).toEqual({});
    expect(installed.peerDependenciesMeta["@smithy/signature-v4"]).toEqual({ optional: true });
  });

  it("type-checks a consumer's code against the shipped declarations", async () => {
    // Arrange: a consumer's code and a strict NodeNext tsconfig
    writeFileSync(
      join(app, "use.ts"),
      [
        'import { FifoqClient, type PublishBatchResult, type DeadLetter } from "@fifoq/client";',
        'const client = new FifoqClient({ url: "https://x/v1", apiKey: "k" });',
        'const batch: Promise<PublishBatchResult> = client.publishBatch("orders", [{ body: { n: 1 }, groupId: "g" }]);',
        'const letter: Promise<DeadLetter> = client.getDeadLetter("orders", "id");',
        "void batch; void letter;",
      ].join("\n"),
    );
    const options = {
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      noEmit: true,
      lib: ["ES2022", "DOM"],
      types: [],
    };
    writeFileSync(
      join(app, "tsconfig.json"),
      JSON.stringify({ compilerOptions: options, files: ["use.ts"] }),
    );

    // Act
    const checked = await exec(process.execPath, [
      join(ROOT, "node_modules/typescript/bin/tsc"),
      "-p",
      app,
    ]).catch((error: { stdout: string }) => error);

    // Assert: no type errors
    expect(checked.stdout).toBe("");
  });

  it("runs the installed bin from its bundle (commander and cli-progress inside)", async () => {
    const { stdout } = await exec(join(app, "node_modules/.bin/fifoq"), ["--help"], { cwd: app });

    expect(stdout).toContain("Usage: fifoq [options] [command]");
    expect(stdout).toContain("dlq");
  });
});
