import { spawnSync } from "node:child_process";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BuildOptions, build } from "esbuild";
import { median } from "./report";

/** esbuild's options for a Lambda entry, as the CDK stack bundles it: ESM, minified, node24, `@aws-sdk/*` external. */
export const LAMBDA_BUNDLE_OPTIONS = {
  bundle: true,
  minify: true,
  format: "esm",
  platform: "node",
  target: "node24",
  external: ["@aws-sdk/*"],
  mainFields: ["module", "main"],
  logLevel: "silent",
} as const satisfies BuildOptions;

/** Bundles an entry the way the CDK stack does for Lambda (`LAMBDA_BUNDLE_OPTIONS`) into `<outDir>/<name>.mjs`. */
export const bundleEntry = async (entry: string, outDir: string, name: string): Promise<string> => {
  const outfile = join(outDir, `${name}.mjs`);
  await build({ ...LAMBDA_BUNDLE_OPTIONS, entryPoints: [entry], outfile });
  return outfile;
};

/** Median wall time of a fresh `node` importing the bundle (the init part of a cold start), in ms. */
export const importTimeMs = (file: string, runs: number): number => {
  const probe = join(mkdtempSync(join(tmpdir(), "fifoq-import-")), "probe.mjs");
  writeFileSync(
    probe,
    `const t=performance.now();await import(${JSON.stringify(file)});console.log(performance.now()-t);`,
  );
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const result = spawnSync(process.execPath, [probe], { encoding: "utf8", cwd: process.cwd() });
    times.push(Number.parseFloat(result.stdout.trim()));
  }
  return median(times.filter((t) => Number.isFinite(t)));
};

export const bundleBytes = (file: string): number => statSync(file).size;
