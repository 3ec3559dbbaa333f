import { createInterface } from "node:readline";
import { Worker } from "node:worker_threads";
import type { Logger, LogLevel } from "../../../functions/core/logging/logger";
import type { FunctionIam } from "../../iam/enforce";
import type { InvocationResult } from "../../poller/invoke";
import type { FunctionSettings } from "../../poller/lambda-context";
import type { LocalFunction } from "../../poller/local-function";
import {
  DEADLINE_EXIT_CODE,
  type FunctionWorkerData,
  GATE,
  type HandlerKind,
  type InvokeMessage,
  type WorkerMessage,
} from "./protocol";

export interface FunctionPoolOptions {
  /** Absolute path of the function's module (`export const handler = ...`). */
  readonly modulePath: string;
  /** @default "consumer": the handler must be made with `defineConsumer` */
  readonly expects?: HandlerKind;
  /** The error that says why the module cannot be used (it names the function's owner: queue, API). */
  readonly moduleError: (reason: string) => Error;
  /** The most containers at once (Lambda's reserved concurrency); more invocations wait. @default no limit */
  readonly maxContainers?: number;
  readonly settings: FunctionSettings;
  /** The function's whole environment (its `process.env`), as the Lambda is configured. */
  readonly env: Readonly<Record<string, string>>;
  /** Where the workers' stdout goes: each JSON log line keeps its level and fields. */
  readonly logger: Logger;
  /** Check the function's AWS requests against its IAM policies (local/iam). @default no check */
  readonly iam?: FunctionIam | undefined;
}

/** A function's containers; a mapping invokes it with SQS events, the gateway with proxy events. */
export interface FunctionPool extends Omit<LocalFunction, "invoke"> {
  /** Runs one invocation to its end in a container (its deadline counts from its start); never rejects. */
  invoke(event: object, requestId: string, abandon: AbortSignal): Promise<InvocationResult>;
  /** Starts one container now (the first invocation finds it warm); a module that cannot load throws here. */
  warm(): Promise<void>;
}

interface Container {
  readonly worker: Worker;
  readonly gate: Int32Array;
}

const BOOT = new URL("./boot.mjs", import.meta.url);
const ENTRY = new URL("./function-worker.ts", import.meta.url).href;
const LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];

/** Forwards each line a worker writes to stdout; a JSON log line keeps its level, time and fields. */
const relayLogs = (worker: Worker, logger: Logger): void => {
  const lines = createInterface({ input: worker.stdout, crlfDelay: Number.POSITIVE_INFINITY });
  lines.on("line", (line) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return logger.info(line);
    const { level, message, ...fields } = parsed as Record<string, unknown>;
    const known = LEVELS.find((candidate) => candidate === level) ?? "info";
    logger[known](typeof message === "string" ? message : line, fields);
  });
};

type Settled = { readonly result: InvocationResult; readonly reusable: boolean };

const fromWorker = (message: WorkerMessage): Settled | undefined => {
  if (message.type === "returned")
    return { result: { kind: "returned", value: message.value }, reusable: true };
  if (message.type !== "threw") return undefined;
  const error = Object.assign(new Error(message.error.message), { name: message.error.name });
  return { result: { kind: "threw", error }, reusable: true };
};

const exited = (code: number): Settled => ({
  result:
    code === DEADLINE_EXIT_CODE
      ? { kind: "timed-out" }
      : { kind: "threw", error: new Error(`Runtime exited with code ${code} (Runtime.ExitError)`) },
  reusable: false,
});

/** Waits for the invocation's end: its answer, a crash of the worker, the deadline or the stop grace. */
const settle = (container: Container, deadlineMs: number, abandon: AbortSignal): Promise<Settled> =>
  new Promise((resolve) => {
    const { worker } = container;
    const finish = (settled: Settled) => {
      clearTimeout(timer);
      worker.off("message", onMessage).off("error", onError).off("exit", onExit);
      abandon.removeEventListener("abort", onAbort);
      resolve(settled);
    };
    const onMessage = (message: WorkerMessage) => {
      const settled = fromWorker(message);
      if (settled) finish(settled);
    };
    const onError = (error: Error) => finish({ result: { kind: "threw", error }, reusable: false });
    const onExit = (code: number) => finish(exited(code));
    const onAbort = () => finish({ result: { kind: "abandoned" }, reusable: false });
    const timer = setTimeout(
      () => finish({ result: { kind: "timed-out" }, reusable: false }),
      Math.max(0, deadlineMs - Date.now()),
    );
    worker.on("message", onMessage).on("error", onError).on("exit", onExit);
    if (abandon.aborted) onAbort();
    else abandon.addEventListener("abort", onAbort, { once: true });
  });

/** The first message of a fresh worker: ready, or why its module cannot be used. */
const booted = (worker: Worker): Promise<WorkerMessage | Error> =>
  new Promise((resolve) => {
    worker.once("message", resolve);
    worker.once("error", resolve);
    worker.once("exit", (code) => resolve(new Error(`exited with code ${code} while starting`)));
  });

/**
 * A function as Lambda runs it (a queue's consumer, the API): each concurrent invocation in a container of its
 * own — a worker thread that imports the function's module and calls its `handler` (the Lambda edge, which
 * reads the given environment once). Containers are started when needed, reused warm (frozen in between), and
 * terminated at the deadline, so a timed-out invocation stops: nothing it started runs on, and the next
 * invocation gets a fresh container. The answer goes back to the mapping like Lambda's.
 */
export const createFunctionPool = (options: FunctionPoolOptions): FunctionPool => {
  const idle: Container[] = [];
  const all = new Set<Container>();
  /** Invocations waiting for a container while `maxContainers` are busy. */
  const waiting: (() => void)[] = [];
  let stopped = false;

  const discard = async (container: Container) => {
    all.delete(container);
    await container.worker.terminate();
  };

  const acquire = async (): Promise<Container> => {
    const max = options.maxContainers ?? Number.POSITIVE_INFINITY;
    while (idle.length === 0 && all.size >= max && !stopped)
      await new Promise<void>((resolve) => waiting.push(resolve));
    if (stopped) throw new Error("the function was stopped");
    return idle.pop() ?? (await boot());
  };

  const boot = async (): Promise<Container> => {
    const gate = new Int32Array(new SharedArrayBuffer(4));
    const workerData: FunctionWorkerData = {
      modulePath: options.modulePath,
      expects: options.expects ?? "consumer",
      gate: gate.buffer,
      entry: ENTRY,
      iam: options.iam,
    };
    const worker = new Worker(BOOT, {
      execArgv: [],
      workerData,
      env: options.env,
      stdout: true,
      name: options.settings.functionName,
      resourceLimits: { maxOldGenerationSizeMb: options.settings.memorySizeMb },
    });
    const container = { worker, gate };
    all.add(container);
    relayLogs(worker, options.logger);
    // An invocation reports its worker's crash itself; this only keeps a late one from crashing the stack.
    worker.on("error", (error) => options.logger.debug("consumer worker failed", { error: String(error) }));
    const first = await booted(worker);
    if (first instanceof Error || first.type !== "ready") {
      await discard(container);
      const reason =
        first instanceof Error ? String(first) : first.type === "init-failed" ? first.reason : "";
      throw options.moduleError(reason);
    }
    return container;
  };

  const release = async (container: Container, settled: Settled) => {
    if (settled.reusable && !stopped) idle.push(container);
    else await discard(container);
    waiting.shift()?.();
  };

  return {
    settings: options.settings,
    async warm() {
      idle.push(await boot());
    },
    async invoke(event: object, requestId: string, abandon: AbortSignal): Promise<InvocationResult> {
      let container: Container;
      try {
        container = await acquire();
      } catch (error) {
        return { kind: "threw", error };
      }
      const deadlineMs = Date.now() + options.settings.timeoutMs;
      const message: InvokeMessage = { type: "invoke", event, requestId, deadlineMs, fn: options.settings };
      Atomics.store(container.gate, 0, GATE.thawed);
      Atomics.notify(container.gate, 0);
      container.worker.postMessage(message);
      const settled = await settle(container, deadlineMs, abandon);
      await release(container, settled);
      return settled.result;
    },
    async stop() {
      stopped = true;
      idle.length = 0;
      for (const wake of waiting.splice(0)) wake();
      await Promise.all([...all].map(discard));
    },
  };
};
