import type { GuardDecision } from "../consumer/idempotency-port";
import type { Logger } from "../logging/logger";
import { StoreError } from "./errors";
import type { IdempotencyStore } from "./store-port";

/** What the protocol steps share. Built once per guard. */
export interface ProtocolDeps {
  readonly store: IdempotencyStore;
  readonly queue: string;
  readonly windowSeconds: number;
  readonly leaseGraceMs: number;
  readonly commitAttempts: number;
  readonly logger: Logger;
  readonly clock: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

export const RUN: GuardDecision = { kind: "run" };
export const DUPLICATE: GuardDecision = { kind: "duplicate" };
export const BUSY: GuardDecision = { kind: "busy" };

/** A store failure becomes `unavailable`; anything else is a bug and is thrown on. */
export const unavailable = (error: unknown): GuardDecision => {
  if (error instanceof StoreError) return { kind: "unavailable", error };
  throw error;
};

/** TTL in epoch seconds: `nowMs` plus the window, rounded up. */
export const windowEndS = (nowMs: number, windowSeconds: number): number =>
  Math.ceil(nowMs / 1000) + windowSeconds;
