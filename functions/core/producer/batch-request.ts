import { BatchTooLargeError, type ErrorDetail, InvalidMessageError } from "../http/errors";
import { validateEnvelope } from "./envelope";
import { isPlainObject } from "./fields";
import { PRODUCER_LIMITS } from "./limits";
import type { OutgoingMessage, QueueTarget } from "./types";

const BATCH_FIELDS = ["messages"];

/** A valid entry: its message, and when to release it (undefined: now). */
export interface ValidEntry {
  readonly message: OutgoingMessage;
  readonly releaseAt: number | undefined;
}

/**
 * Checks the shape of `{ "messages": [...] }`: 1–100 entries (`BATCH_TOO_LARGE` above 100), no other field.
 * The `Idempotency-Key` header is refused on a batch: one key cannot deduplicate several messages, so each
 * entry carries its own `dedupId` (or falls back to content-based deduplication).
 */
export const readBatchEntries = (
  payload: unknown,
  idempotencyKey: string | undefined,
): readonly unknown[] => {
  if (!isPlainObject(payload)) {
    throw new InvalidMessageError('the request body must be a JSON object { "messages": [ ... ] }');
  }
  const unknown = Object.keys(payload).filter((key) => !BATCH_FIELDS.includes(key));
  if (unknown.length > 0) {
    const details = unknown.map((field) => ({ field, message: "is not a known field; allowed: messages" }));
    throw new InvalidMessageError(
      `unknown field "${unknown[0]}"; a batch is { "messages": [ ... ] }`,
      details,
    );
  }
  if (idempotencyKey !== undefined) {
    const message =
      "is not used for batches: give each entry its own dedupId (or use content-based deduplication)";
    throw new InvalidMessageError(`Idempotency-Key header ${message}`, [
      { field: "Idempotency-Key", message },
    ]);
  }
  const { messages } = payload;
  if (!Array.isArray(messages) || messages.length === 0) {
    const message = `must be an array of 1 to ${PRODUCER_LIMITS.maxBatchEntries} messages`;
    throw new InvalidMessageError(`messages ${message}`, [{ field: "messages", message }]);
  }
  if (messages.length > PRODUCER_LIMITS.maxBatchEntries) {
    throw new BatchTooLargeError(messages.length, PRODUCER_LIMITS.maxBatchEntries);
  }
  return messages;
};

/**
 * Validates every entry before anything is sent. Any invalid entry (an entry above `maxBytes` included) makes the
 * whole request a 400 `INVALID_MESSAGE` with `details: [{ index, field, message }]`, and nothing is enqueued.
 */
export const validateBatchEntries = (
  entries: readonly unknown[],
  queue: QueueTarget,
  now?: number,
  maxBytes?: number,
): ValidEntry[] => {
  const messages: ValidEntry[] = [];
  const details: ErrorDetail[] = [];
  for (const [index, entry] of entries.entries()) {
    const checked = validateEnvelope(entry, {
      queue,
      headerAllowed: false,
      ...(now === undefined ? {} : { now }),
      ...(maxBytes === undefined ? {} : { maxBytes }),
    });
    if (checked.ok) messages.push({ message: checked.message, releaseAt: checked.releaseAt });
    else details.push(...checked.issues.map((issue) => ({ index, ...issue })));
  }
  const [first] = details;
  if (first) {
    const entriesAtFault = new Set(details.map((detail) => detail.index)).size;
    throw new InvalidMessageError(
      `${entriesAtFault} of ${entries.length} messages are invalid (first: messages[${first.index}].${first.field} ${first.message}); nothing was enqueued`,
      details,
    );
  }
  return messages;
};
