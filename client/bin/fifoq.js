#!/usr/bin/env node
// The `fifoq` CLI. An installed package runs the bundle in dist/. Inside the fifoq repository, where the
// TypeScript source sits beside it and dist/ may be stale or absent, it runs the source through tsx.
import { existsSync } from "node:fs";

const source = new URL("../src/cli/main.ts", import.meta.url);

const fromSource = async () => {
  if (!existsSync(source)) return false;
  try {
    const { register } = await import("tsx/esm/api");
    register();
  } catch {
    return false;
  }
  await import(source.href);
  return true;
};

if (!(await fromSource())) await import("../dist/cli.js");
