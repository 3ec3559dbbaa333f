import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { FifoqClient } from "../../../client/src/index.js";
import { ROOT, type SpawnedStack, spawnLocalStack } from "../../support/spawn-local-stack";

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

/** What a user's script does first: import the package by its name and use it. */
const IMPORT_BY_NAME = [
  'const { FifoqClient, FifoqRedirectError } = await import("@fifoq/client");',
  'const client = new FifoqClient({ url: "http://127.0.0.1:1/v1", apiKey: "k" });',
  "console.log(JSON.stringify({ publish: typeof client.publish, errors: typeof FifoqRedirectError }));",
].join("\n");

// The tests of this file run one after the other: both describes rebuild client/dist.
describe("@fifoq/client in a fresh clone (no dist/, npm runs no install scripts)", () => {
  let stack: SpawnedStack | undefined;
  afterAll(() => stack?.stop());

  it("is not importable until the root's prestart (npm start) or pretest (npm test) builds it; then it is, by name", async () => {
    // Arrange: a fresh clone has no client/dist (git-ignored, and nothing builds it on install)
    rmSync(join(ROOT, "client/dist"), { recursive: true, force: true });
    const importByName = () =>
      exec(process.execPath, ["--input-type=module", "-e", IMPORT_BY_NAME], { cwd: ROOT });
    const scripts = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts;
    const unbuilt = await importByName().catch((error: { stderr: string }) => error);

    // Act: what `npm start` runs first
    await exec(NPM, ["run", "prestart"], { cwd: ROOT });
    const built = await importByName();

    // Assert
    expect(unbuilt.stderr).toContain("ERR_MODULE_NOT_FOUND");
    expect(JSON.parse(built.stdout)).toEqual({ publish: "function", errors: "function" });
    expect(scripts.pretest).toBe(scripts.prestart);
  }, 120_000);

  it("runs the client README's example as written against npm start, and the orders consumer processes it all", async () => {
    // Arrange: the README's block in an app of its own that installed the package (a link, as npm does)
    const readme = readFileSync(join(ROOT, "client/README.md"), "utf8");
    const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    const app = mkdtempSync(join(tmpdir(), "fifoq-readme-"));
    mkdirSync(join(app, "node_modules/@fifoq"), { recursive: true });
    symlinkSync(join(ROOT, "client"), join(app, "node_modules/@fifoq/client"));
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
    writeFileSync(join(app, "example.ts"), example);
    stack = await spawnLocalStack({
      env: { FIFOQ_DYNAMODB_ENDPOINT: inject("dynamoDbEndpoint") },
    });

    // Act: `npx tsx example.ts` with the ready line's URL and producer key
    const ran = await exec(join(ROOT, "node_modules/.bin/tsx"), ["example.ts"], {
      cwd: app,
      env: { PATH: process.env.PATH ?? "", FIFOQ_URL: stack.url, FIFOQ_API_KEY: stack.apiKey },
    });

    // Assert: what the README says it prints
    expect(ran.stdout).toMatch(/^accepted \S+\n3 accepted, 0 failed\n$/);

    // Act: a poison message after them in their group. FIFO: it is delivered only once the four are done, and
    // it reaches the dead-letter queue (FIFO, same group) behind any of them that was dead-lettered.
    const producer = new FifoqClient({ url: stack.url, apiKey: stack.apiKey });
    const operator = new FifoqClient({ url: stack.url, apiKey: stack.operatorKey });
    const sentinel = await producer.publish("orders", {
      body: { orderId: "sentinel", amount: -1 },
      groupId: "customer-42",
      dedupId: `sentinel-${Date.now()}`,
    });
    const letters = await vi.waitFor(
      async () => {
        const page = await operator.listDeadLetters("orders", { groupId: "customer-42", limit: 100 });
        expect(page.items.map((letter) => letter.id)).toContain(sentinel.messageId);
        return page.items;
      },
      { timeout: 60_000, interval: 250 },
    );

    // Assert: the four were done before it, and none of them was dead-lettered: all four were processed
    expect(letters.map((letter) => letter.id)).toEqual([sentinel.messageId]);
  }, 240_000);
});
