import type { GuardDecision } from "../consumer/idempotency-port";
import { type StoreError, StoreUnavailableError, unavailable } from "./errors";

/** A result of one statement of a claim-writing request. */
type StatementResult =
  | { readonly kind: string }
  | { readonly kind: "unavailable"; readonly error: StoreError };

/**
 * Sends one claim-writing request (the claims, or the take-overs) and decides each write. A request that
 * failed makes every write `unavailable`, with `claimMayBeHeld` unless it was refused: an unanswered request
 * may have landed all the same. A failed statement wrote nothing: only it is `unavailable`. `decide` answers
 * for the others (`undefined`: left undecided).
 */
export const sendClaimWrites = async <W extends { readonly key: string }, R extends StatementResult>(
  writes: readonly W[],
  send: (writes: readonly W[]) => Promise<readonly R[]>,
  decide: (write: W, result: R | undefined) => GuardDecision | undefined,
  decided: Map<string, GuardDecision>,
): Promise<void> => {
  let results: readonly R[];
  try {
    results = await send(writes);
  } catch (error) {
    const decision = unavailable(error);
    const mayBeHeld = error instanceof StoreUnavailableError ? { claimMayBeHeld: true as const } : {};
    for (const { key } of writes) decided.set(key, { ...decision, ...mayBeHeld });
    return;
  }
  writes.forEach((write, index) => {
    const result = results[index];
    const decision =
      result && "error" in result
        ? { kind: "unavailable" as const, error: result.error }
        : decide(write, result);
    if (decision) decided.set(write.key, decision);
  });
};
