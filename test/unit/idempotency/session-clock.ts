import { vi } from "vitest";
import type { GuardDecision, GuardRecord } from "../../../functions/core/consumer/idempotency-port";
import type { IdempotencyStore } from "../../../functions/core/idempotency/store-port";
import { CLOCK_AND_TIMEOUTS, useFakeClock } from "../../support/fake-clock";
import { guardBatch, harness, T0 } from "./support";

/**
 * Fake time from T0 for each test of the enclosing `describe`: the clock and the session's timers are faked,
 * the in-memory store's `setImmediate` ticks stay real.
 */
export const useSessionClock = (): void => useFakeClock(T0, CLOCK_AND_TIMEOUTS);

/** Moves the fake clock, then lets the store's (real) ticks and the writes they resolve run. */
export const advance = async (ms: number): Promise<void> => {
  await vi.advanceTimersByTimeAsync(ms);
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

/** A redelivery on the same store by a fresh guard on the fake clock, deciding only (what begin answers). */
export const redeliverOn = async (
  store: IdempotencyStore,
  records: readonly GuardRecord[],
): Promise<ReadonlyMap<string, GuardDecision>> => {
  const session = await harness({ clock: Date.now })
    .guard(store)
    .begin(guardBatch(`r${Date.now()}`, Date.now()), records);
  return session.decisions;
};
