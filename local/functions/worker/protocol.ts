import type { FunctionIam } from "../../iam/enforce";
import type { FunctionSettings } from "../../poller/lambda-context";

/** What the module's `handler` must be: made with `defineConsumer`, or any Lambda handler function. */
export type HandlerKind = "consumer" | "function";

/** What a function's worker is started with. */
export interface FunctionWorkerData {
  /** Absolute path of the function's module (`export const handler = ...`). */
  readonly modulePath: string;
  readonly expects: HandlerKind;
  /** One Int32 the worker waits on while frozen between invocations; the pool sets it to thaw it. */
  readonly gate: SharedArrayBuffer;
  /** The TypeScript entry the boot file imports once the loader is registered. */
  readonly entry: string;
  /** The function's IAM check (local/iam), installed before its module loads; none when it is off. */
  readonly iam?: FunctionIam | undefined;
}

/** Pool → worker: run one invocation (an SQS event, an API Gateway proxy event). */
export interface InvokeMessage {
  readonly type: "invoke";
  readonly event: object;
  readonly requestId: string;
  readonly deadlineMs: number;
  readonly fn: FunctionSettings;
}

/** An error as it crosses the thread boundary. */
export interface WorkerErrorFields {
  readonly name: string;
  readonly message: string;
}

/** Worker → pool. */
export type WorkerMessage =
  | { readonly type: "ready" }
  | { readonly type: "init-failed"; readonly reason: string }
  | { readonly type: "returned"; readonly value: unknown }
  | { readonly type: "threw"; readonly error: WorkerErrorFields };

/** The exit code a worker ends with when its own deadline watchdog fires. */
export const DEADLINE_EXIT_CODE = 124;

/** The gate's values: frozen (the worker waits) and thawed. */
export const GATE = { frozen: 0, thawed: 1 } as const;
