import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigLoadError } from "./errors";
import type { FifoqConfig, ResolvedConfig } from "./types";
import { resolveConfig } from "./validate";

export const DEFAULT_CONFIG_FILE = "fifoq.config.ts";

/** The config file path: `FIFOQ_CONFIG` when given, else `fifoq.config.ts` in `cwd`. */
export const configPath = (env: Readonly<Record<string, string | undefined>>, cwd: string): string =>
  resolve(cwd, env.FIFOQ_CONFIG ?? DEFAULT_CONFIG_FILE);

/** Imports a config module (TypeScript needs a loader such as tsx, which the CDK app and local stack use). */
export const loadConfig = async (path: string): Promise<ResolvedConfig> => {
  if (!existsSync(path)) throw new ConfigLoadError(path, "file not found (set FIFOQ_CONFIG to another path)");
  let module: { default?: FifoqConfig; config?: FifoqConfig };
  try {
    module = await import(pathToFileURL(path).href);
  } catch (cause) {
    throw new ConfigLoadError(path, `could not be imported: ${(cause as Error).message}`, { cause });
  }
  const config = module.default ?? module.config;
  if (!config) throw new ConfigLoadError(path, "must `export default defineConfig({ queues: [...] })`");
  return resolveConfig(config, dirname(path), path);
};
