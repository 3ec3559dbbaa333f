import { isRedriveUncertain } from "../../../contract/redrive";
import type { Logger } from "../logging/logger";
import { checkIn } from "../payloads/claim-check";
import { messagePayloadKey, type PayloadStore } from "../payloads/payload-store";
import { DeadLetterConflictError, DeadLetterNotFoundError, RedriveUncertainError } from "./errors";
import { buildRedriveMessage } from "./redrive-message";
import type { DeadLetterStore, RedriveMessage, RedriveSender } from "./store";
import type { DeadLetterRecord } from "./types";

export interface RedriveDeps {
  readonly store: DeadLetterStore;
  readonly sender: RedriveSender;
  /** Where a redriven body goes when, with its carrier header, it no longer fits SQS (claim check). */
  readonly payloads?: PayloadStore | undefined;
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

export interface RedriveOptions {
  /** Resend a record left `redriving` past SQS's dedup window (it may have run). @default false */
  readonly force?: boolean | undefined;
}

/**
 * A record found `redriving` (not claimed by this call) is safe to send again only while SQS would drop the
 * repeat (its claim is younger than the dedup window); older, or of unknown age, it may have run: refused
 * unless forced.
 */
const checkResend = (record: DeadLetterRecord, nowMs: number, options: RedriveOptions) => {
  if (options.force || !isRedriveUncertain(record, nowMs)) return;
  throw new RedriveUncertainError(record.id, record.redriveClaimedAt);
};

const already = (record: DeadLetterRecord): RedriveResult => ({
  id: record.id,
  status: "redriven",
  messageId: record.redrivenMessageId ?? "",
  sent: false,
});

/** A record this call did not claim: an earlier claim to finish, an earlier result, or a conflict. */
const settled = (current: DeadLetterRecord, nowMs: number, options: RedriveOptions) => {
  if (current.status === "redriving") {
    checkResend(current, nowMs, options);
    return current;
  }
  if (current.status === "redriven") return already(current);
  throw new DeadLetterConflictError(current.id, current.status, "redriven");
};

/**
 * The record claimed for this redrive (`redriving`), or the outcome when there is nothing to send: an earlier
 * redrive's result, or 409 when a discard won. A record found `redriving` (a concurrent redrive, or one that
 * crashed between claim and send) is taken as claimed while SQS's dedup window covers a resend (see
 * `checkResend`).
 */
const claim = async (
  record: DeadLetterRecord,
  deps: RedriveDeps,
  at: { readonly iso: string; readonly ms: number },
  options: RedriveOptions,
): Promise<DeadLetterRecord | RedriveResult> => {
  if (record.status === "new") {
    const result = await deps.store.claimRedrive(record.queue, record.id, at.iso);
    if (result.kind === "changed") return result.record;
    return settled(result.current, at.ms, options);
  }
  return settled(record, at.ms, options);
};

/** The typed attributes of a redrive message, as the size function counts them. */
const typed = (attributes: RedriveMessage["attributes"]) =>
  Object.fromEntries(
    Object.entries(attributes).map(([name, { dataType, value }]) => [
      name,
      dataType.startsWith("Binary") ? { dataType, binaryValue: value } : { dataType, stringValue: value },
    ]),
  );

/**
 * The redrive message of a claimed record, its body checked in to the payload store when the body with its
 * carrier header and the attributes is over SQS's 1 MiB (a dead letter of any size is redriven whole). The
 * key is fixed per redrive (its dedup id), so a repeated redrive overwrites the same object.
 */
const fitRedriveMessage = async (record: DeadLetterRecord, payloads: PayloadStore | undefined) => {
  const message = buildRedriveMessage(record);
  const body = await checkIn(
    {
      body: record.rawBody,
      header: { dedupId: record.dedupId },
      attributes: typed(message.attributes),
      payloadKey: messagePayloadKey(record.queue, message.deduplicationId),
    },
    payloads,
  );
  return { ...message, body };
};

/**
 * Sends one dead letter back to its source queue. A state machine in the store decides BEFORE anything is
 * sent: `new` → `redriving` (conditional; a discard only goes `new` → `discarded`, so exactly one of them
 * wins and the other answers 409), then send, then `redriving` → `redriven` with the new message id.
 *
 * Crash between claim and send (or between send and mark): the record stays `redriving`; it cannot be
 * discarded, and the next redrive of it (one, or redrive-all) sends it again with the SAME deduplication id
 * (fixed per dead letter), so SQS drops the repeat within its 5-minute window. Past it, the message may have
 * run (and the consumer's idempotency window may be over too): `RedriveUncertainError` (409) unless forced.
 */
export const redriveRecord = async (
  record: DeadLetterRecord,
  deps: RedriveDeps,
  options: RedriveOptions = {},
): Promise<RedriveResult> => {
  const nowMs = deps.now();
  const at = new Date(nowMs).toISOString();
  const claimed = await claim(record, deps, { iso: at, ms: nowMs }, options);
  if (!("rawBody" in claimed)) return claimed;
  const { messageId } = await deps.sender.send(await fitRedriveMessage(claimed, deps.payloads));
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

/** `POST /queues/{queue}/dead-letters/{id}/redrive[?force=true]`. Unknown id → `DeadLetterNotFoundError`. */
export const redriveOne = async (
  input: { readonly queue: string; readonly id: string; readonly force?: boolean | undefined },
  deps: RedriveDeps,
): Promise<RedriveResult> => {
  const record = await deps.store.get(input.queue, input.id);
  if (!record) throw new DeadLetterNotFoundError(input.queue, input.id);
  return redriveRecord(record, deps, { force: input.force });
};
