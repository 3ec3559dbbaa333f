export type LogLevel = "debug" | "info" | "warn" | "error";

export const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];

/** The level named exactly by `value`, or undefined (environment readers report the allowed list). */
export const parseLogLevel = (value: string): LogLevel | undefined =>
  LOG_LEVELS.find((level) => level === value);

export type LogFields = Readonly<Record<string, unknown>>;

/** Structured logger: one JSON object per line. Injected everywhere; never a module singleton. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Whether a logger at `threshold` writes lines of `level`. */
export const admits = (threshold: LogLevel, level: LogLevel): boolean => ORDER[level] >= ORDER[threshold];

export interface JsonLoggerOptions {
  readonly level?: LogLevel;
  /** Where a finished line goes; stdout by default (CloudWatch takes a Lambda's stdout). */
  readonly write?: (line: string) => void;
  readonly now?: () => Date;
  readonly fields?: LogFields;
}

/** Creates a logger that writes `{"level","time","message",...fields}` lines. */
export const createJsonLogger = (options: JsonLoggerOptions = {}): Logger => {
  const min = ORDER[options.level ?? "info"];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const base = options.fields ?? {};
  const log =
    (level: LogLevel) =>
    (message: string, fields: LogFields = {}) => {
      if (ORDER[level] < min) return;
      write(JSON.stringify({ level, time: now().toISOString(), message, ...base, ...fields }));
    };
  return {
    debug: log("debug"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    child: (fields) => createJsonLogger({ ...options, fields: { ...base, ...fields } }),
  };
};
