import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { appendEntry, type KillReason, readEntries } from "../effect-log";
import { spawnTsx, stopChild, waitUntil } from "./children";

export interface StackSettings {
  readonly port: number;
  readonly apiKey: string;
  readonly operatorKey: string;
  readonly sqsEndpoint: string;
  readonly dynamoDbEndpoint: string;
  readonly configPath: string;
  readonly effectLog: string;
  readonly healFile: string;
  readonly logDir: string;
  readonly concurrency: number;
  readonly slowMs: number;
  /** Variables of this process the stack inherits (PATH, HOME, …). */
  readonly baseEnv: Readonly<Record<string, string | undefined>>;
}

export interface StackInstance {
  readonly pid: number;
  readonly ready: Promise<boolean>;
  readonly exited: Promise<void>;
}

export interface StackSupervisor {
  readonly url: string;
  /** Starts a stack process; `killAfterEffectAt` makes its consumer kill it right after an effect from then on. */
  start(options?: { readonly killAfterEffectAt?: number }): StackInstance;
  /** SIGKILLs the running stack (logged first); false when none runs. */
  kill(why: KillReason): boolean;
  /** Stops the running stack with SIGTERM (its own clean shutdown). */
  stop(): Promise<void>;
  /** SIGKILLs sent, self-kills seen, and exits nobody asked for. */
  readonly counts: { kills: number; crashes: number; starts: number };
}

const isUp = async (url: string, apiKey: string): Promise<boolean> => {
  try {
    const response = await fetch(`${url}/queues`, {
      headers: { "x-api-key": apiKey },
      signal: AbortSignal.timeout(2000),
    });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
};

/** Whether a SIGKILL of `pid` was the consumer's own (logged before it killed the process). */
const selfKilled = (effectLog: string, pid: number): boolean =>
  readEntries(effectLog).entries.some(
    (entry) => entry.k === "kill" && entry.pid === pid && entry.why === "after-effect",
  );

/**
 * Runs the local stack (`local/main.ts`) as a child process on a fixed port and key, so producers reach every
 * restart at the same URL; its emulator endpoints are the fault proxies. One process at a time.
 */
export const createStackSupervisor = (settings: StackSettings): StackSupervisor => {
  const url = `http://127.0.0.1:${settings.port}/v1`;
  const counts = { kills: 0, crashes: 0, starts: 0 };
  let current: ChildProcess | undefined;
  let stopping = false;
  const expected = new Set<number>();

  const env = (killAfterEffectAt: number | undefined) => ({
    ...settings.baseEnv,
    PORT: String(settings.port),
    FIFOQ_CONFIG: settings.configPath,
    FIFOQ_SQS_ENDPOINT: settings.sqsEndpoint,
    FIFOQ_DYNAMODB_ENDPOINT: settings.dynamoDbEndpoint,
    FIFOQ_API_KEY: settings.apiKey,
    FIFOQ_OPERATOR_KEY: settings.operatorKey,
    FIFOQ_LOG_LEVEL: settings.baseEnv.FIFOQ_LOG_LEVEL ?? "info",
    CHAOS_CONCURRENCY: String(settings.concurrency),
    CHAOS_EFFECT_LOG: settings.effectLog,
    CHAOS_HEAL_FILE: settings.healFile,
    CHAOS_SLOW_MS: String(settings.slowMs),
    CHAOS_KILL_AFTER_EFFECT_AT: killAfterEffectAt === undefined ? "" : String(killAfterEffectAt),
  });

  const onExit =
    (child: ChildProcess, pid: number) => (code: number | null, signal: NodeJS.Signals | null) => {
      appendEntry(settings.effectLog, { k: "exit", at: Date.now(), pid, code, signal });
      if (current === child) current = undefined;
      if (expected.delete(pid) || (stopping && signal !== "SIGKILL")) return;
      if (signal === "SIGKILL" && selfKilled(settings.effectLog, pid)) counts.kills += 1;
      else counts.crashes += 1;
    };

  return {
    url,
    counts,
    start(options = {}) {
      if (stopping) throw new Error("the chaos run is stopping: no new stack");
      counts.starts += 1;
      const log = join(settings.logDir, `stack-${counts.starts}.log`);
      const child = spawnTsx("local/main.ts", env(options.killAfterEffectAt), log);
      const pid = child.pid ?? -1;
      current = child;
      appendEntry(settings.effectLog, { k: "start", at: Date.now(), pid });
      const exited = once(child, "exit").then(() => undefined);
      child.on("exit", onExit(child, pid));
      const ready = waitUntil(() => isUp(url, settings.apiKey), child, 60_000);
      return { pid, ready, exited };
    },
    kill(why) {
      const child = current;
      if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return false;
      appendEntry(settings.effectLog, { k: "kill", why, at: Date.now(), pid: child.pid });
      expected.add(child.pid);
      counts.kills += 1;
      child.kill("SIGKILL");
      return true;
    },
    async stop() {
      stopping = true;
      if (current) await stopChild(current);
    },
  };
};
