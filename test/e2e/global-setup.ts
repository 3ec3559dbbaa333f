import "vitest";
import { resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { loadConfig } from "../../functions/core/config/load";
import { createJsonLogger, type LogLevel } from "../../functions/core/logging/logger";
import { startLocalStack } from "../../local/start-local-stack";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the API including the stage, without a trailing slash. */
    e2eUrl: string;
    /** The producer key (publish, GET /queues). */
    e2eApiKey: string;
    /** The operator key (also the dead-letter routes). */
    e2eOperatorKey: string;
    /** `local` when this setup started the stack, `remote` for a given URL. */
    e2eTarget: "local" | "remote";
  }
}

const LOG_LEVELS: readonly string[] = ["debug", "info", "warn", "error"];

/**
 * Uses the stack named by FIFOQ_E2E_URL, FIFOQ_E2E_API_KEY (its producer key) and FIFOQ_E2E_OPERATOR_KEY (its
 * operator key), LocalStack or AWS; without a URL starts the local stack from the repository's fifoq.config.ts
 * on a free port, takes both of its keys, and stops it after the run.
 */
export default async function setup(project: TestProject) {
  const url = process.env.FIFOQ_E2E_URL?.trim();
  const apiKey = process.env.FIFOQ_E2E_API_KEY?.trim();
  const operatorKey = process.env.FIFOQ_E2E_OPERATOR_KEY?.trim();
  if (url) {
    if (!apiKey || !operatorKey)
      throw new Error(
        "FIFOQ_E2E_URL is set but FIFOQ_E2E_API_KEY or FIFOQ_E2E_OPERATOR_KEY is not; set all three " +
          "(the stack's producer and operator keys: see the GetApiKeyCommand and GetOperatorApiKeyCommand outputs).",
      );
    project.provide("e2eUrl", url.replace(/\/+$/, ""));
    project.provide("e2eApiKey", apiKey);
    project.provide("e2eOperatorKey", operatorKey);
    project.provide("e2eTarget", "remote");
    return;
  }
  const level = process.env.FIFOQ_LOG_LEVEL ?? "warn";
  const stack = await startLocalStack({
    config: await loadConfig(resolve(process.cwd(), "fifoq.config.ts")),
    port: 0,
    logger: createJsonLogger({ level: LOG_LEVELS.includes(level) ? (level as LogLevel) : "warn" }),
  });
  project.provide("e2eUrl", stack.url);
  project.provide("e2eApiKey", stack.apiKey);
  project.provide("e2eOperatorKey", stack.operatorKey);
  project.provide("e2eTarget", "local");
  return () => stack.stop();
}
