import type { Context, SQSEvent } from "aws-lambda";
import { type InvocationResult, invokeWithDeadline } from "./invoke";
import { createLambdaContext, type FunctionSettings } from "./lambda-context";

/** Any Lambda handler for SQS events (the consumer runtime returns an `SQSBatchResponse`). */
export type SqsFunction = (event: SQSEvent, context: Context) => Promise<unknown>;

/** A function as an event source mapping invokes it: one invocation at a time per poller. */
export interface LocalFunction {
  readonly settings: FunctionSettings;
  /** Runs one invocation to its end (its deadline counts from the moment it starts); never rejects. */
  invoke(event: SQSEvent, requestId: string, abandon: AbortSignal): Promise<InvocationResult>;
  /** Ends whatever still runs. */
  stop(): Promise<void>;
}

/**
 * A function run in this process, for fifoq's own dead-letter recorder and for tests of the mapping: past its
 * deadline it is reported timed out but keeps running (every call it makes is bounded by its SDK timeouts).
 * Consumers run in workers that are stopped at the deadline (`functions/worker/function-pool.ts`).
 */
export const inProcessFunction = (
  settings: FunctionSettings,
  handler: SqsFunction,
  now: () => number = Date.now,
): LocalFunction => ({
  settings,
  invoke: (event, requestId, abandon) => {
    const deadlineMs = now() + settings.timeoutMs;
    const context = createLambdaContext(settings, requestId, deadlineMs, now);
    return invokeWithDeadline(() => handler(event, context), deadlineMs, abandon, now);
  },
  stop: async () => undefined,
});
