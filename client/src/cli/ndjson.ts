import { MAX_JSON_DEPTH as MAX_MESSAGE_DEPTH, nestsDeeperThan } from "../../../contract/index.js";
import { escapeText } from "../escape-text.js";
import type { Message } from "../types.js";

const FIELDS = new Set(["body", "groupId", "dedupId", "attributes"]);

export interface NdjsonMessages {
  readonly messages: Message[];
  /** The file's line number of each message (blank lines are skipped). */
  readonly lines: number[];
  /** At most `maxErrors` problems, each naming its line. */
  readonly errors: string[];
  /** How many problems there were in all. */
  readonly errorCount: number;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A parse error's own words are cut and escaped: V8 quotes the input, which may hold anything. */
const MAX_PARSE_ERROR = 160;

/**
 * JSON from the command line or a file: the value, or what is wrong with it — not JSON (with the parser's
 * reason), or nested deeper than the API accepts (checked without recursion, so any depth is a clear
 * problem, never a stack overflow).
 */
export const readJson = (text: string): { readonly value: unknown } | { readonly problem: string } => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `is not valid JSON (${escapeText((error as Error).message, MAX_PARSE_ERROR)})` };
  }
  if (nestsDeeperThan(value, MAX_MESSAGE_DEPTH))
    return { problem: `nests deeper than ${MAX_MESSAGE_DEPTH} levels (the API's limit)` };
  return { value };
};

/** The problem with one parsed line, if any (the API validates the message itself). */
const lineProblem = (value: unknown, defaultGroup: string | undefined): string | undefined => {
  if (!isObject(value)) return 'is not a JSON object {"body", "groupId", "dedupId"?, "attributes"?}';
  const unknown = Object.keys(value).filter((key) => !FIELDS.has(key));
  if (unknown.length > 0)
    return `has unknown field "${escapeText(unknown[0] ?? "", 64)}"; allowed: body, groupId, dedupId, attributes`;
  if (!Object.hasOwn(value, "body")) return 'has no "body"';
  if (value.groupId === undefined && defaultGroup === undefined) return 'has no "groupId" (or pass --group)';
  return undefined;
};

/**
 * NDJSON lines `{ body, groupId, dedupId?, attributes? }` → messages, checked as a whole before anything is
 * sent: a file with a broken line sends nothing. `defaultGroup` (`--group`) fills a missing `groupId`.
 */
export const parseNdjson = (text: string, defaultGroup?: string, maxErrors = 20): NdjsonMessages => {
  const messages: Message[] = [];
  const lines: number[] = [];
  const errors: string[] = [];
  let errorCount = 0;
  for (const [offset, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (line === "") continue;
    const read = readJson(line);
    const problem = "value" in read ? lineProblem(read.value, defaultGroup) : read.problem;
    if (problem === undefined && "value" in read) {
      const entry = read.value as Record<string, unknown>;
      messages.push({ ...entry, groupId: (entry.groupId ?? defaultGroup) as string } as Message);
      lines.push(offset + 1);
      continue;
    }
    errorCount += 1;
    if (errors.length < maxErrors) errors.push(`line ${offset + 1} ${problem}`);
  }
  return { messages, lines, errors, errorCount };
};
