import type { FifoqClient } from "../client.js";
import type { Output } from "./output.js";
import { UsageError } from "./usage-error.js";

/** What a command needs from the outside; `main.ts` builds it from the process. */
export interface CliContext {
  readonly output: Output;
  /** A client with the producer key (`producer`) or the operator key (`operator`, dead-letter commands). */
  client(role: "producer" | "operator"): Promise<FifoqClient>;
  /** A file's text, or standard input for `-`. */
  readInput(path: string): Promise<string>;
  /** Waits between `stats --watch` refreshes; rejects when the CLI is interrupted. */
  sleep(ms: number): Promise<void>;
}

/** Thousands separators for counts in human output (a server's non-number as text, for escaping). */
export const count = (value: number): string =>
  typeof value === "number" ? value.toLocaleString("en-US") : String(value);

/** A whole number from 1 to `max` given to `flag`, else a usage error naming the flag. */
export const positiveInt = (flag: string, raw: string | undefined, max = 1_000_000): number | undefined => {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (/^\d+$/.test(raw) && value >= 1 && value <= max) return value;
  throw new UsageError(`${flag} must be a whole number from 1 to ${max}; got ${JSON.stringify(raw)}`);
};
