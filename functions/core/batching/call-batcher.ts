/** One input's answer from a batch request: its value, or the error of that input alone. */
export type BatchAnswer<O> =
  | { readonly ok: true; readonly value: O }
  | { readonly ok: false; readonly error: Error };

export interface CallBatcherOptions<I, O> {
  /**
   * Sends the inputs as one request; answers one entry per input, in order. A throw fails every input of the
   * request with that error.
   */
  readonly run: (inputs: readonly I[]) => Promise<readonly BatchAnswer<O>[]>;
  /** Inputs per request at most (e.g. 100 for BatchGetItem, 25 for BatchExecuteStatement, 10 for SQS). */
  readonly maxBatch: number;
  /** Requests in flight at once; further calls queue and go out together when one returns. */
  readonly maxInFlight: number;
  /** With `maxWeight`: an input's weight (bytes); a request carries at most `maxWeight` (at least one input). */
  readonly weightOf?: (input: I) => number;
  readonly maxWeight?: number;
}

interface Waiting<I, O> {
  readonly input: I;
  readonly resolve: (value: O) => void;
  readonly reject: (error: unknown) => void;
}

const missingAnswer = () => new Error("the batch request answered fewer entries than it was given");

/**
 * Coalesces single calls into batch requests without adding a delay: the calls made in one turn of the event
 * loop go out together, and while `maxInFlight` requests are out, new calls wait and leave together when one
 * returns. Idle, a call is a request of one; under load, requests grow to `maxBatch`. Each caller gets its own
 * input's answer; nothing about one input's outcome leaks into another's. Pure: no timers, no I/O of its own.
 */
export const createCallBatcher = <I, O>(options: CallBatcherOptions<I, O>): ((input: I) => Promise<O>) => {
  const queue: Waiting<I, O>[] = [];
  let inFlight = 0;
  let scheduled = false;

  const take = (): Waiting<I, O>[] => {
    const taken: Waiting<I, O>[] = [];
    let weight = 0;
    while (queue.length > 0 && taken.length < options.maxBatch) {
      const next = queue[0] as Waiting<I, O>;
      const nextWeight = options.weightOf?.(next.input) ?? 0;
      if (taken.length > 0 && options.maxWeight !== undefined && weight + nextWeight > options.maxWeight)
        break;
      taken.push(next);
      queue.shift();
      weight += nextWeight;
    }
    return taken;
  };

  const settle = (batch: readonly Waiting<I, O>[], answers: readonly BatchAnswer<O>[]) => {
    for (const [index, waiting] of batch.entries()) {
      const answer = answers[index];
      if (answer?.ok) waiting.resolve(answer.value);
      else waiting.reject(answer ? answer.error : missingAnswer());
    }
  };

  const pump = (): void => {
    scheduled = false;
    while (inFlight < options.maxInFlight && queue.length > 0) {
      const batch = take();
      inFlight += 1;
      options
        .run(batch.map((waiting) => waiting.input))
        .then(
          (answers) => settle(batch, answers),
          (error: unknown) => {
            for (const waiting of batch) waiting.reject(error);
          },
        )
        .finally(() => {
          inFlight -= 1;
          pump();
        });
    }
  };

  return (input) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ input, resolve, reject });
      if (scheduled) return;
      scheduled = true;
      queueMicrotask(pump);
    });
};
