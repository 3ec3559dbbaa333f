import type { DedupScope } from "../../../functions/core/config/types";
import type {
  FinishResult,
  GuardBatch,
  GuardDecision,
  GuardRecord,
  IdempotencyGuard,
  RecordOutcome,
} from "../../../functions/core/consumer/idempotency-port";
import { createIdempotencyGuard } from "../../../functions/core/idempotency/guard";
import { claimKey, commitKey, type IdempotencyStore } from "../../../functions/core/idempotency/store-port";
import { createInMemoryIdempotencyStore } from "../../support/in-memory-store";
import { createMemoryLogger } from "../../support/memory-logger";

export const T0 = Date.UTC(2030, 0, 1, 12);
export const WINDOW_S = 3600;
export const BUDGET_MS = 30_000;
export const GRACE_MS = 2000;
export const QUEUE = "orders";
/** When the lease of a claim made at T0 with the default budget runs out: a redelivery may take it over. */
export const LEASE_END = T0 + BUDGET_MS + GRACE_MS;
/** The runtime's default margin for a 30 s budget: the session commits by the deadline minus it. */
export const MARGIN_MS = 3000;

/** The claim key of a record in the default (message group) scope. */
export const keyOf = (record: Pick<GuardRecord, "groupId" | "dedupId">, scope: DedupScope = "messageGroup") =>
  claimKey(QUEUE, scope, record);

/** The commit key of a batch. */
export const batchKey = (batchId: string) => commitKey(QUEUE, batchId);

/** `count` records spread round-robin over `groups` groups; dedupIds `<prefix>-<i>`. */
export const guardRecords = (
  count: number,
  options: { groups?: number; prefix?: string; messagePrefix?: string } = {},
): GuardRecord[] => {
  const groups = options.groups ?? count;
  const prefix = options.prefix ?? "order";
  return Array.from({ length: count }, (_, i) => ({
    messageId: `${options.messagePrefix ?? "m"}-${prefix}-${i}`,
    dedupId: `${prefix}-${i}`,
    groupId: `g${i % groups}`,
    positionInGroup: Math.floor(i / groups),
    attempt: 1,
  }));
};

export const guardBatch = (batchId: string, nowMs: number, budgetMs = BUDGET_MS): GuardBatch => ({
  batchId,
  nowMs,
  deadlineMs: nowMs + budgetMs,
  commitByMs: nowMs + budgetMs - Math.min(MARGIN_MS, budgetMs / 2),
});

export type Status = RecordOutcome["status"];

export const outcomeOf = (messageId: string, status: Status): RecordOutcome =>
  status === "succeeded" || status === "skipped"
    ? { messageId, status }
    : { messageId, status, error: new Error(`handler said ${status}`) };

/** `succeeded` outcomes for the given records (or message ids): what finish hears after a clean run. */
export const allSucceeded = (records: readonly (GuardRecord | string)[]): RecordOutcome[] =>
  records.map((record) => outcomeOf(typeof record === "string" ? record : record.messageId, "succeeded"));

export const kinds = (decisions: ReadonlyMap<string, GuardDecision>): string[] =>
  [...decisions.values()].map((decision) => decision.kind);

export interface Delivery {
  readonly decisions: ReadonlyMap<string, GuardDecision>;
  readonly ran: string[];
  readonly finished: FinishResult;
}

/** begin, run every `run` record with `statusOf` (succeeded by default), finish. Like the runtime. */
export const deliver = async (
  guard: IdempotencyGuard,
  batch: GuardBatch,
  records: readonly GuardRecord[],
  statusOf: (record: GuardRecord) => Status = () => "succeeded",
): Promise<Delivery> => {
  const session = await guard.begin(batch, records);
  const { decisions } = session;
  const ran = records.filter((record) => decisions.get(record.messageId)?.kind === "run");
  const outcomes = ran.map((record) => outcomeOf(record.messageId, statusOf(record)));
  const finished = await session.finish(outcomes);
  return { decisions, ran: ran.map((record) => record.messageId), finished };
};

type Method = keyof IdempotencyStore;

/** A store wrapper that records calls, fails chosen calls, and runs hooks before chosen calls. */
export interface ScriptedStore extends IdempotencyStore {
  readonly calls: Method[];
  failNext(method: Method, error: Error, times?: number): void;
  before(method: Method, hook: () => Promise<void>): void;
}

export const scripted = (inner: IdempotencyStore): ScriptedStore => {
  const calls: Method[] = [];
  const failures = new Map<Method, Error[]>();
  const hooks = new Map<Method, () => Promise<void>>();
  const wrap =
    <A extends unknown[], R>(method: Method, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      calls.push(method);
      const hook = hooks.get(method);
      hooks.delete(method);
      if (hook) await hook();
      const failure = failures.get(method)?.shift();
      if (failure) throw failure;
      return call(...args);
    };
  return {
    calls,
    failNext: (method, error, times = 1) =>
      failures.set(
        method,
        Array.from({ length: times }, () => error),
      ),
    before: (method, hook) => hooks.set(method, hook),
    claimAll: wrap("claimAll", (writes) => inner.claimAll(writes)),
    readClaims: wrap("readClaims", (keys) => inner.readClaims(keys)),
    readCommits: wrap("readCommits", (keys) => inner.readCommits(keys)),
    takeOverAll: wrap("takeOverAll", (writes) => inner.takeOverAll(writes)),
    commit: wrap("commit", (key, write) => inner.commit(key, write)),
    abort: wrap("abort", (key, expiresAtS) => inner.abort(key, expiresAtS)),
    commitRecord: wrap("commitRecord", (transaction) => inner.commitRecord(transaction)),
  };
};

/** An in-memory store behind a scripted wrapper, a settable clock, and guards over them. */
export interface HarnessOptions {
  readonly windowSeconds?: number;
  readonly scope?: DedupScope;
  readonly commitIntervalMs?: number;
  /** The guards' clock (e.g. `Date.now` under fake timers). @default the harness's settable `clock` */
  readonly clock?: () => number;
}

export const harness = (options: HarnessOptions = {}) => {
  const memory = createInMemoryIdempotencyStore();
  const store = scripted(memory);
  const clock = { nowMs: T0 };
  const logger = createMemoryLogger();
  const sleeps: number[] = [];
  const guard = (target: IdempotencyStore = store) =>
    createIdempotencyGuard(target, {
      queue: QUEUE,
      scope: options.scope ?? "messageGroup",
      windowSeconds: options.windowSeconds ?? WINDOW_S,
      ...(options.commitIntervalMs === undefined ? {} : { commitIntervalMs: options.commitIntervalMs }),
      logger,
      clock: options.clock ?? (() => clock.nowMs),
      leaseGraceMs: GRACE_MS,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
  /** Moves the clock and returns a batch that starts then. */
  const at = (batchId: string, nowMs: number, budgetMs = BUDGET_MS) => {
    clock.nowMs = nowMs;
    return guardBatch(batchId, nowMs, budgetMs);
  };
  return { memory, store, clock, logger, sleeps, guard, at };
};
