import { createJsonLogger, type Logger } from "../../functions/core/logging/logger";

/** A logger that keeps its lines in memory, parsed. */
export const createMemoryLogger = (): Logger & { readonly lines: Record<string, unknown>[] } => {
  const lines: Record<string, unknown>[] = [];
  const logger = createJsonLogger({ level: "debug", write: (line) => lines.push(JSON.parse(line)) });
  return Object.assign(logger, { lines });
};
