import { pathToFileURL } from "node:url";
import { parentPort, workerData } from "node:worker_threads";
import type { Context, SQSEvent } from "aws-lambda";
import { installWorkerIam } from "../../iam/worker-iam";
import { createLambdaContext } from "../../poller/lambda-context";
import {
  type ConsumerWorkerData,
  DEADLINE_EXIT_CODE,
  GATE,
  type InvokeMessage,
  type WorkerMessage,
} from "./protocol";

/**
 * One Lambda-like container of a queue's consumer, in a worker thread: it imports the consumer module once and
 * calls its `handler` (the Lambda edge: `defineConsumer` reads this thread's environment on the first
 * invocation and keeps its clients). Between invocations it is frozen, as Lambda freezes a container: the
 * thread blocks, so a promise left pending by an invocation resumes only at the next one. A watchdog ends
 * the thread at the invocation's deadline; the pool also terminates it then.
 */

type Handler = (event: SQSEvent, context: Context) => Promise<unknown>;

const data = workerData as ConsumerWorkerData;
const port = parentPort;
const gate = new Int32Array(data.gate);

const post = (message: WorkerMessage): void => port?.postMessage(message);

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
  if (!isConsumerHandler(module.handler)) return "must `export const handler = defineConsumer({ handle })`";
  return module.handler;
};

const errorFields = (error: unknown) =>
  error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: "Error", message: String(error) };

const invoke = async (handler: Handler, message: InvokeMessage): Promise<void> => {
  const watchdog = setTimeout(() => process.exit(DEADLINE_EXIT_CODE), message.deadlineMs - Date.now());
  const context = createLambdaContext(message.fn, message.requestId, message.deadlineMs);
  try {
    post({ type: "returned", value: await handler(message.event, context) });
  } catch (error) {
    post({ type: "threw", error: errorFields(error) });
  }
  clearTimeout(watchdog);
  freeze();
};

const start = async (): Promise<void> => {
  await installWorkerIam(data.iam);
  const handler = await load();
  if (typeof handler === "string") {
    post({ type: "init-failed", reason: handler });
    return;
  }
  port?.on("message", (message: InvokeMessage) => void invoke(handler, message));
  post({ type: "ready" });
  freeze();
};

await start();
