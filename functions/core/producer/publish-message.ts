import type { PublishMessageResult } from "../../../contract";
import { InvalidMessageError, PayloadTooLargeError } from "../http/errors";
import { type ScheduleDeps, type ScheduledReceipt, scheduleMessage } from "../scheduled/schedule-message";
import { summarizeIssues, validateEnvelope } from "./envelope";
import { fitForSqs, type LargeMessageDeps, maxMessageBytes } from "./large-messages";
import type { MessageSender, QueueTarget } from "./types";

export interface PublishMessageInput {
  readonly queue: QueueTarget;
  /** The parsed request body (not yet validated). */
  readonly payload: unknown;
  /** The `Idempotency-Key` header, used as the dedup id when the body has no `dedupId`. */
  readonly idempotencyKey?: string | undefined;
}

export interface PublishMessageDeps extends LargeMessageDeps {
  readonly sender: MessageSender;
  /** Delayed messages; unset, a publish with a delay is refused. */
  readonly schedule?: ScheduleDeps | undefined;
}

/** Refused when this deployment has no delayed messages. */
export const NO_DELAYS =
  "delaySeconds and notBefore are not available in this deployment (no scheduled-message store)";

/**
 * Validates one message and sends it, or (with `delaySeconds`/`notBefore`) schedules it. Throws
 * `InvalidMessageError` (400, details per field), `PayloadTooLargeError` (413, above `maxMessageBytes`; over SQS's 1 MiB the body goes to the payload store), or the sender's
 * `UpstreamUnavailableError` (503).
 */
export const publishMessage = async (
  input: PublishMessageInput,
  deps: PublishMessageDeps,
): Promise<PublishMessageResult | ScheduledReceipt> => {
  const checked = validateEnvelope(input.payload, {
    queue: input.queue,
    idempotencyKey: input.idempotencyKey,
    headerAllowed: true,
    maxBytes: maxMessageBytes(deps),
    ...(deps.schedule ? { now: deps.schedule.now() } : {}),
  });
  if (!checked.ok) {
    const summary = summarizeIssues(checked.issues);
    if (checked.tooLarge) throw new PayloadTooLargeError(summary, checked.issues);
    throw new InvalidMessageError(summary, checked.issues);
  }
  const { message, releaseAt } = checked;
  if (releaseAt !== undefined) {
    if (!deps.schedule)
      throw new InvalidMessageError(NO_DELAYS, [{ field: "delaySeconds", message: NO_DELAYS }]);
    return scheduleMessage(input.queue.name, { message, releaseAt, batchIndex: 0 }, deps.schedule);
  }
  const sent = await deps.sender.send(input.queue.url, await fitForSqs(input.queue.name, message, deps));
  return {
    messageId: sent.messageId,
    sequenceNumber: sent.sequenceNumber,
    queue: input.queue.name,
    groupId: message.groupId,
    dedupId: message.dedupId,
  };
};
