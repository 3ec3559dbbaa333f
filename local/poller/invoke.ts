/** How one invocation ended, as the event source mapping sees it. */
export type InvocationResult =
  | { readonly kind: "returned"; readonly value: unknown }
  | { readonly kind: "threw"; readonly error: unknown }
  | { readonly kind: "timed-out" }
  /** The mapping was stopped and its grace period ran out before the function finished. */
  | { readonly kind: "abandoned" };

/**
 * Runs an in-process invocation against its deadline. A function still running when the deadline passes is
 * reported timed out but keeps running in this process; its outcome is ignored. Consumers do not run this
 * way: their workers are terminated at the deadline (`functions/worker/function-pool.ts`).
 */
export const invokeWithDeadline = async (
  invocation: () => Promise<unknown>,
  deadlineMs: number,
  abandon: AbortSignal,
  now: () => number = Date.now,
): Promise<InvocationResult> => {
  const run = Promise.resolve()
    .then(invocation)
    .then(
      (value): InvocationResult => ({ kind: "returned", value }),
      (error: unknown): InvocationResult => ({ kind: "threw", error }),
    );
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const timedOut = new Promise<InvocationResult>((resolve) => {
    timer = setTimeout(() => resolve({ kind: "timed-out" }), Math.max(0, deadlineMs - now()));
  });
  const abandoned = new Promise<InvocationResult>((resolve) => {
    onAbort = () => resolve({ kind: "abandoned" });
    if (abandon.aborted) onAbort();
    else abandon.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([run, timedOut, abandoned]);
  } finally {
    clearTimeout(timer);
    if (onAbort) abandon.removeEventListener("abort", onAbort);
  }
};
