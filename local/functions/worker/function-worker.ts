import { pathToFileURL } from "node:url";
import { parentPort, workerData } from "node:worker_threads";
import type { Context } from "aws-lambda";
import { installWorkerIam } from "../../iam/worker-iam";
import { createLambdaContext } from "../../poller/lambda-context";
import {
  DEADLINE_EXIT_CODE,
  type FunctionWorkerData,
  GATE,
  type InvokeMessage,
  type WorkerMessage,
} from "./protocol";

/**
 * One Lambda-like container of a function, in a worker thread: it imports the function's module once and calls
 * its `handler` (the Lambda edge: `defineConsumer` reads this thread's environment on the first invocation,
 * `handlers/api.ts` when it is imported, and each keeps its clients). Between invocations it is frozen, as Lambda freezes a container: the
 * thread blocks, so a promise left pending by an invocation resumes only at the next one. A watchdog ends
 * the thread at the invocation's deadline; the pool also terminates it then.
 */

type Handler = (event: object, context: Context) => Promise<unknown>;

const data = workerData as FunctionWorkerData;
const port = parentPort;
const gate = new Int32Array(data.gate);

const post = (message: WorkerMessage): void => port?.postMessage(message);

/**
 * Resolves once the pool holds every line this thread wrote so far. A worker's stdout and stderr hand their
 * chunks to the pool one at a time, each after the pool took the previous one — a message this thread must be
 * running to receive: a line still queued when the thread freezes would wait for the next invocation. Writing
 * nothing and waiting for its callback waits for every chunk before it (none pending: nothing to wait for).
 */
const flushOutput = (): Promise<unknown> =>
  Promise.all(
    [process.stdout, process.stderr].map(
      (stream) =>
        new Promise<void>((resolve) => {
          if (stream.writableLength === 0) resolve();
          else stream.write("", () => resolve());
        }),
    ),
  );

/** Answers the pool once the lines written before the answer are out, as Lambda's logs are by an invocation's end. */
const answer = async (message: WorkerMessage): Promise<void> => {
  await flushOutput();
  post(message);
};

/** Blocks the thread until the pool thaws it; returns at once when it already did. */
const freeze = (): void => {
  Atomics.wait(gate, 0, GATE.frozen);
  Atomics.store(gate, 0, GATE.frozen);
};

const isConsumerHandler = (value: unknown): value is Handler =>
  typeof value === "function" &&
  typeof (value as { definition?: { handle?: unknown } }).definition?.handle === "function";

const load = async (): Promise<Handler | string> => {
  let module: { handler?: unknown };
  try {
    module = await import(pathToFileURL(data.modulePath).href);
  } catch (cause) {
    return `could not be imported: ${String(cause)}`;
  }
  if (data.expects === "consumer" && !isConsumerHandler(module.handler))
    return "must `export const handler = defineConsumer({ handle })`";
  if (typeof module.handler !== "function") return "must `export const handler` (a function)";
  return module.handler as Handler;
};

const errorFields = (error: unknown) =>
  error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: "Error", message: String(error) };

const invoke = async (handler: Handler, message: InvokeMessage): Promise<void> => {
  const watchdog = setTimeout(() => process.exit(DEADLINE_EXIT_CODE), message.deadlineMs - Date.now());
  const context = createLambdaContext(message.fn, message.requestId, message.deadlineMs);
  let result: WorkerMessage;
  try {
    result = { type: "returned", value: await handler(message.event, context) };
  } catch (error) {
    result = { type: "threw", error: errorFields(error) };
  }
  await answer(result);
  clearTimeout(watchdog);
  freeze();
};

const start = async (): Promise<void> => {
  await installWorkerIam(data.iam);
  const handler = await load();
  if (typeof handler === "string") {
    await answer({ type: "init-failed", reason: handler });
    return;
  }
  port?.on("message", (message: InvokeMessage) => void invoke(handler, message));
  await answer({ type: "ready" });
  freeze();
};

await start();
