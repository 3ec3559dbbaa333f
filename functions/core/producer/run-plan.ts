import { type EntryFailure, missingResultFailure, notSentFailure } from "./entry-errors";
import type { PlannedBatch } from "./plan-batches";
import type { SentMessage } from "./types";

export type EntryOutcome =
  | { readonly status: "accepted"; readonly sent: SentMessage }
  | { readonly status: "failed"; readonly error: EntryFailure };

/** Sends the given request indexes as one SQS batch; must report every index and must not throw. */
export type SendPlannedBatch = (indexes: readonly number[]) => Promise<ReadonlyMap<number, EntryOutcome>>;

export interface RunPlanOptions {
  /** Batches in flight at once. */
  readonly maxInFlight: number;
  readonly groupOf: (index: number) => string;
  readonly send: SendPlannedBatch;
}

type BatchState = "waiting" | "running" | "done";

/** Sends one batch, leaving out entries of groups that already failed (reported NOT_SENT_ORDER_PRESERVED). */
const sendOne = async (
  batch: PlannedBatch,
  options: RunPlanOptions,
  failedGroups: Set<string>,
  outcomes: Map<number, EntryOutcome>,
): Promise<void> => {
  const toSend: number[] = [];
  for (const index of batch.indexes) {
    const group = options.groupOf(index);
    if (failedGroups.has(group)) outcomes.set(index, { status: "failed", error: notSentFailure(group) });
    else toSend.push(index);
  }
  if (toSend.length === 0) return;
  let sent: ReadonlyMap<number, EntryOutcome>;
  try {
    sent = await options.send(toSend);
  } catch {
    sent = new Map(); // `send` broke its contract; every entry is reported with an unknown outcome
  }
  for (const index of toSend) {
    const outcome = sent.get(index) ?? { status: "failed", error: missingResultFailure() };
    outcomes.set(index, outcome);
    if (outcome.status === "failed") failedGroups.add(options.groupOf(index));
  }
};

/**
 * Runs a plan: a batch starts once every batch it depends on is done, with at most `maxInFlight` running, in
 * plan order. Once an entry of a group fails, no later SQS call carries that group (its entries are reported
 * NOT_SENT_ORDER_PRESERVED), so a retry of the failed entries cannot land behind later ones. Within one call SQS
 * decides per entry: it may refuse entry i and still accept i+1 of the same group; fifoq reports exactly that.
 * Resolves with one outcome per planned index.
 */
export const runPlan = (plan: readonly PlannedBatch[], options: RunPlanOptions) =>
  new Promise<Map<number, EntryOutcome>>((resolve) => {
    const outcomes = new Map<number, EntryOutcome>();
    const failedGroups = new Set<string>();
    const states: BatchState[] = plan.map(() => "waiting");
    let running = 0;
    let remaining = plan.length;
    const ready = (batch: PlannedBatch, position: number) =>
      states[position] === "waiting" && batch.dependsOn.every((dependency) => states[dependency] === "done");
    const pump = (): void => {
      for (const [position, batch] of plan.entries()) {
        if (running >= options.maxInFlight) return;
        if (!ready(batch, position)) continue;
        states[position] = "running";
        running += 1;
        void sendOne(batch, options, failedGroups, outcomes).then(() => {
          states[position] = "done";
          running -= 1;
          remaining -= 1;
          if (remaining === 0) resolve(outcomes);
          else pump();
        });
      }
    };
    if (remaining === 0) resolve(outcomes);
    else pump();
  });
