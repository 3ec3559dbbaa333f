import type { Logger } from "../logging/logger";
import { DeadLetterConflictError, DeadLetterNotFoundError } from "./errors";
import { buildRedriveMessage } from "./redrive-message";
import type { DeadLetterStore, RedriveSender } from "./store";
import type { DeadLetterRecord } from "./types";

export interface RedriveDeps {
  readonly store: DeadLetterStore;
  readonly sender: RedriveSender;
  readonly logger: Logger;
  /** Epoch ms. */
  readonly now: () => number;
}

export interface RedriveResult {
  readonly id: string;
  readonly status: "redriven";
  /** The message id of the message now in the source queue. */
  readonly messageId: string;
  /** False when it had already been redriven (by an earlier or a concurrent call): nothing was sent now. */
  readonly sent: boolean;
}

const already = (record: DeadLetterRecord): RedriveResult => ({
  id: record.id,
  status: "redriven",
  messageId: record.redrivenMessageId ?? "",
  sent: false,
});

/**
 * Sends one dead letter back to its source queue, then marks it `redriven` (only from `new`).
 *
 * Order: send, then conditional mark. Redriving twice never sends twice: a `redriven` record is not sent
 * again, and a repeat that races past the status check (a crash between send and mark, or two concurrent
 * calls) reuses the deterministic dedup id, which SQS deduplicates for 5 minutes; its mark then fails the
 * condition and the existing outcome is returned. Past 5 minutes, the consumer's idempotency (keyed by the
 * original dedup id) still keeps the effect once.
 */
export const redriveRecord = async (record: DeadLetterRecord, deps: RedriveDeps): Promise<RedriveResult> => {
  if (record.status === "redriven") return already(record);
  if (record.status === "discarded") throw new DeadLetterConflictError(record.id, record.status, "redriven");
  const nowMs = deps.now();
  const message = buildRedriveMessage(record, nowMs);
  const { messageId } = await deps.sender.send(message);
  const result = await deps.store.markRedriven(record.queue, record.id, {
    messageId,
    at: new Date(nowMs).toISOString(),
  });
  if (result.kind === "changed") return { id: record.id, status: "redriven", messageId, sent: true };
  if (result.current.status === "redriven") return already(result.current);
  deps.logger.warn("dead letter was discarded while it was being redriven; the message was sent", {
    queue: record.queue,
    id: record.id,
    messageId,
  });
  throw new DeadLetterConflictError(record.id, result.current.status, "redriven");
};

/** `POST /queues/{queue}/dead-letters/{id}/redrive`. Unknown id → `DeadLetterNotFoundError`. */
export const redriveOne = async (
  input: { readonly queue: string; readonly id: string },
  deps: RedriveDeps,
): Promise<RedriveResult> => {
  const record = await deps.store.get(input.queue, input.id);
  if (!record) throw new DeadLetterNotFoundError(input.queue, input.id);
  return redriveRecord(record, deps);
};
