import { appendFileSync, existsSync, readFileSync } from "node:fs";

/**
 * The run's timeline, one JSON object per line, appended with `appendFileSync` by every writer (the chaos
 * consumer in the stack's workers, the orchestrator): a write is in the file before the next line of code, so
 * a SIGKILL loses nothing written, and line order is the order things happened in.
 */
export type LogEntry =
  /** The consumer applied a message's effect. `dl`: its invocation's deadline (epoch ms). */
  | {
      readonly k: "effect";
      readonly id: string;
      readonly g: string;
      readonly n: number;
      readonly a: number;
      readonly at: number;
      readonly dl: number;
      readonly pid: number;
      readonly tid: number;
      /** The effect was also staged on `context.transaction`. */
      readonly tx: boolean;
      /** The delivery's SQS sequence number (20 digits: compares as a string). */
      readonly seq?: string;
      /** A large message: the SHA-256 of the body's JSON as the handler saw it, and its length in bytes. */
      readonly h?: string;
      readonly b?: number;
    }
  /** A delayed message was accepted: its scheduled id and due time (for the run's reader; the check uses the receipts). */
  | {
      readonly k: "scheduled";
      readonly id: string;
      readonly at: number;
      readonly sid: string;
      readonly releaseAt: number;
    }
  /** The handler was given a delayed message (every attempt, before anything else). */
  | { readonly k: "seen"; readonly id: string; readonly at: number; readonly a: number }
  /** The run cancelled a delayed message: the API's answer (204, 409 ALREADY_RELEASED, or another). */
  | { readonly k: "cancel"; readonly id: string; readonly at: number; readonly status: number }
  /** A handler started sleeping past the function timeout (its invocation will time out). */
  | {
      readonly k: "slow";
      readonly id: string;
      readonly at: number;
      readonly dl: number;
      readonly pid: number;
      readonly tid: number;
    }
  /** A SIGKILL of the stack, logged before it is sent. */
  | {
      readonly k: "kill";
      readonly why: KillReason;
      readonly at: number;
      readonly pid: number;
      readonly id?: string;
    }
  /** A stack process started or ended. */
  | { readonly k: "start"; readonly at: number; readonly pid: number }
  | {
      readonly k: "exit";
      readonly at: number;
      readonly pid: number;
      readonly code: number | null;
      readonly signal: string | null;
    }
  /** The DynamoDB proxy disturbed a write; `ids`: the chaos message ids its body names (claim keys). */
  | {
      readonly k: "fault";
      readonly op: string;
      readonly kind: string;
      readonly at: number;
      readonly ids: readonly string[];
    }
  /** Dead letters sent back to the queue (their ids may run again from here on). */
  | { readonly k: "redrive"; readonly at: number; readonly ids: readonly string[] };

export type KillReason = "random" | "after-effect" | "after-commit";

export const appendEntry = (path: string, entry: LogEntry): void =>
  appendFileSync(path, `${JSON.stringify(entry)}\n`);

/** Every whole line of the log; a line that does not parse is counted, not thrown. */
export const readEntries = (path: string): { entries: LogEntry[]; corrupt: number } => {
  if (!existsSync(path)) return { entries: [], corrupt: 0 };
  const entries: LogEntry[] = [];
  let corrupt = 0;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line === "") continue;
    try {
      entries.push(JSON.parse(line) as LogEntry);
    } catch {
      corrupt += 1;
    }
  }
  return { entries, corrupt };
};
