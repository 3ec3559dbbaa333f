import {
  createJsonLogger,
  type LogFields,
  type Logger,
  type LogLevel,
} from "../../functions/core/logging/logger";
import { humanLine } from "./human-lines";

export interface TerminalLoggerOptions {
  /** FIFOQ_LOG_LEVEL: at debug, request and metric lines are shown too. */
  readonly level: LogLevel;
  readonly write: (line: string) => void;
}

/**
 * The local stack's logger on a terminal: each JSON line it would write becomes the line `humanLine` makes of
 * it (or nothing). `npm start --json`, and any output that is not a terminal, keep the JSON lines.
 */
export const createTerminalLogger = (options: TerminalLoggerOptions): Logger =>
  createJsonLogger({
    level: options.level,
    write: (json) => {
      const { level, message, ...fields } = JSON.parse(json) as LogFields & {
        level: LogLevel;
        message: string;
      };
      const line = humanLine(level, message, fields, options.level === "debug");
      if (line !== undefined) options.write(line);
    },
  });
