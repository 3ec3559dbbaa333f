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
 * The record claimed for this redrive (`redriving`), or the outcome when there is nothing to send: an earlier
 * redrive's result, or 409 when a discard won. A record found `redriving` (a concurrent redrive, or one that
 * crashed between claim and send) is taken as claimed: sending it again is safe (see `redriveRecord`).
 */
const claim = async (
  record: DeadLetterRecord,
  deps: RedriveDeps,
  at: string,
): Promise<DeadLetterRecord | RedriveResult> => {
  let current = record;
  if (current.status === "new") {
    const result = await deps.store.claimRedrive(record.queue, record.id, at);
    current = result.kind === "changed" ? result.record : result.current;
  }
  if (current.status === "redriving") return current;
  if (current.status === "redriven") return already(current);
  throw new DeadLetterConflictError(record.id, current.status, "redriven");
};

/**
 * Sends one dead letter back to its source queue. A state machine in the store decides BEFORE anything is
 * sent: `new` → `redriving` (conditional; a discard only goes `new` → `discarded`, so exactly one of them
 * wins and the other answers 409), then send, then `redriving` → `redriven` with the new message id.
 *
 * Crash between claim and send (or between send and mark): the record stays `redriving`; it cannot be
 * discarded, and the next redrive of it (one, or redrive-all) sends it again with the SAME deduplication id
 * (fixed per dead letter), so SQS drops the repeat within its 5-minute window; past it, the consumer's
 * idempotency (keyed by the original dedup id) still applies the effect once.
 */
export const redriveRecord = async (record: DeadLetterRecord, deps: RedriveDeps): Promise<RedriveResult> => {
  const nowMs = deps.now();
  const at = new Date(nowMs).toISOString();
  const claimed = await claim(record, deps, at);
  if (!("rawBody" in claimed)) return claimed;
  const { messageId } = await deps.sender.send(buildRedriveMessage(claimed));
  const result = await deps.store.markRedriven(record.queue, record.id, { messageId, at });
  if (result.kind === "changed") return { id: record.id, status: "redriven", messageId, sent: true };
  if (result.current.status === "redriven") return already(result.current);
  deps.logger.warn("dead letter left its redriving state unexpectedly after its send", {
    queue: record.queue,
    id: record.id,
    status: result.current.status,
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
