import { escapeText } from "../../client/src/escape-text";
import type { LogFields, LogLevel } from "../../functions/core/logging/logger";

/** Longest untrusted value on one line unless the caller says otherwise. */
const MAX_VALUE = 200;

/** An untrusted value made safe for the terminal (the CLI's own escaping), bounded. */
const safeText = (value: unknown, max = MAX_VALUE): string => escapeText(value, max);

/**
 * What `npm start` prints on a terminal for one log line: one concise line per record outcome and per request
 * error; request and metric lines only at debug; anything else its level and message. Every value that came
 * from a message or a request goes through the CLI's `escapeText`. `undefined`: the line is not shown at this level.
 */

const clock = (time: unknown): string =>
  typeof time === "string" && /^\d{4}-\d\d-\d\dT(\d\d:\d\d:\d\d)/.test(time)
    ? time.slice(11, 19)
    : "--:--:--";

const errorText = (error: unknown): string => {
  if (typeof error !== "object" || error === null) return error === undefined ? "" : ` — ${safeText(error)}`;
  const { name, message } = error as { name?: unknown; message?: unknown };
  return ` — ${safeText(name ?? "Error", 60)}: ${safeText(message ?? "")}`;
};

const outcomeLine = (fields: LogFields): string => {
  const { queue, outcome, messageId, groupId, attempt, durationMs, reason, error } = fields;
  const parts = [
    safeText(queue ?? "?", 64),
    safeText(outcome ?? "?", 20).padEnd(13),
    `message ${safeText(messageId ?? "?", 100)}`,
    `group ${safeText(groupId ?? "?", 128)}`,
    `attempt ${safeText(attempt ?? "?", 10)}`,
    ...(typeof durationMs === "number" ? [`${Math.round(durationMs)} ms`] : []),
  ];
  return `${parts.join("  ")}${reason === undefined ? "" : ` (${safeText(reason)})`}${errorText(error)}`;
};

const requestLine = (fields: LogFields): string => {
  const { method, path, status, requestId } = fields;
  const duration = typeof fields.durationMs === "number" ? `  ${Math.round(fields.durationMs)} ms` : "";
  return `${safeText(method ?? "?", 10)} ${safeText(path ?? "?")} → ${safeText(status ?? "?", 3)}${duration}  request ${safeText(requestId ?? "?", 64)}`;
};

const LEVEL_TAG: Record<LogLevel, string> = { debug: "debug", info: "", warn: "WARN ", error: "ERROR " };

/** The line for `(level, message, fields)` when the terminal shows `shown` and above; undefined to skip it. */
export const humanLine = (
  level: LogLevel,
  message: string,
  fields: LogFields,
  debug: boolean,
): string | undefined => {
  const time = clock(fields.time);
  if (message === "fifoq record outcome") return `${time}  ${outcomeLine(fields)}`;
  if (message === "request") {
    const failed = typeof fields.status === "number" && fields.status >= 400;
    return failed || debug ? `${time}  ${requestLine(fields)}` : undefined;
  }
  if (message === "fifoq metrics")
    return debug ? `${time}  metrics ${safeText(JSON.stringify(fields), 300)}` : undefined;
  const { time: _time, level: _level, ...rest } = fields;
  const extra = Object.keys(rest).length > 0 ? `  ${safeText(JSON.stringify(rest), 300)}` : "";
  return `${time}  ${LEVEL_TAG[level]}${safeText(message)}${extra}`;
};
