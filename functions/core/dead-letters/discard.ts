import { DeadLetterConflictError } from "./errors";
import type { DeadLetterStore } from "./store";
import type { DeadLetterRecord } from "./types";

export interface DiscardDeps {
  readonly store: DeadLetterStore;
  /** Epoch ms. */
  readonly now: () => number;
}

/**
 * `DELETE /queues/{queue}/dead-letters/{id}`: marks a `new` dead letter `discarded`; it stays readable until
 * its TTL. Idempotent like an HTTP DELETE: discarding a discarded one changes nothing. A `redriven` one
 * cannot be discarded (409 `DEAD_LETTER_CONFLICT`); an unknown id is 404 `NOT_FOUND`.
 */
export const discardDeadLetter = async (
  input: { readonly queue: string; readonly id: string },
  deps: DiscardDeps,
): Promise<DeadLetterRecord> => {
  const result = await deps.store.markDiscarded(input.queue, input.id, new Date(deps.now()).toISOString());
  if (result.kind === "changed" || result.current.status === "discarded") {
    return result.kind === "changed" ? result.record : result.current;
  }
  throw new DeadLetterConflictError(input.id, result.current.status, "discarded");
};
