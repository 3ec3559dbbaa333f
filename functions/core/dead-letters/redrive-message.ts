import { createHash } from "node:crypto";
import { RESERVED_PREFIX } from "../../../contract";
import { MAX_MESSAGE_ATTRIBUTES, ORIGINAL_DEDUP_ID_ATTRIBUTE } from "./attributes";
import { DeadLetterNotRedrivableError, RedriveTooEarlyError } from "./errors";
import type { RedriveMessage } from "./store";
import type { DeadLetterRecord } from "./types";

/**
 * When a message has no room for the `fifoq-dedup-id` attribute, it is resent with its ORIGINAL dedup id,
 * which SQS would silently drop within its 5-minute deduplication window. This margin is waited past it.
 */
export const ORIGINAL_DEDUP_ID_REUSE_AFTER_MS = 10 * 60_000;

const MAX_DEDUP_ID_LENGTH = 128;

const REDRIVE_PREFIX = `${RESERVED_PREFIX}redrive-`;

/**
 * The SQS dedup id of a redriven message: fixed per dead letter, so a repeated send (a retry after a crash
 * between send and mark, or two concurrent redrives) within 5 minutes is deduplicated by SQS; different from
 * the original, so SQS does not drop it as a duplicate of the message it was; and made from the record's
 * random `redriveToken`, so no one can send a message ahead of it with the same dedup id (producers may not
 * use the `fifoq-` prefix at all). A record stored before tokens existed falls back to its id.
 */
export const redriveDeduplicationId = (record: Pick<DeadLetterRecord, "id" | "redriveToken">): string => {
  const plain = `${REDRIVE_PREFIX}${record.redriveToken ?? record.id}`;
  if (plain.length <= MAX_DEDUP_ID_LENGTH) return plain;
  return `${REDRIVE_PREFIX}${createHash("sha256").update(record.id).digest("hex")}`;
};

/** The user's attributes with their data types, in a map without prototype (any name is an ordinary name). */
const userAttributes = (record: DeadLetterRecord): Record<string, { dataType: string; value: string }> => {
  const attributes: Record<string, { dataType: string; value: string }> = Object.create(null);
  for (const [name, value] of Object.entries(record.attributes)) {
    const dataType = Object.hasOwn(record.attributeTypes, name) ? record.attributeTypes[name] : undefined;
    attributes[name] = { dataType: dataType ?? "String", value };
  }
  return attributes;
};

/**
 * The message to send back to the source queue for a dead letter: same group, same body and attributes.
 * - Normally: a new dedup id (`redriveDeduplicationId`) plus the attribute `fifoq-dedup-id` = original dedup
 *   id, which the consumer runtime uses as the message's dedupId (exactly-once stays keyed by the original).
 * - With 10 attributes already (SQS's maximum): the original dedup id itself, once the first send is older
 *   than `ORIGINAL_DEDUP_ID_REUSE_AFTER_MS`; before that, `RedriveTooEarlyError` with the wait.
 */
export const buildRedriveMessage = (record: DeadLetterRecord, nowMs: number): RedriveMessage => {
  if (record.bodyTruncated) {
    throw new DeadLetterNotRedrivableError(
      record.id,
      "its body was larger than a stored record holds; discard it",
    );
  }
  const attributes = userAttributes(record);
  const base = { id: record.id, queue: record.queue, groupId: record.groupId, body: record.rawBody };
  if (Object.keys(attributes).length < MAX_MESSAGE_ATTRIBUTES) {
    attributes[ORIGINAL_DEDUP_ID_ATTRIBUTE] = { dataType: "String", value: record.dedupId };
    return { ...base, deduplicationId: redriveDeduplicationId(record), attributes };
  }
  const allowedFrom = Date.parse(record.firstSentAt) + ORIGINAL_DEDUP_ID_REUSE_AFTER_MS;
  if (!(nowMs >= allowedFrom)) {
    const waitMs = Number.isFinite(allowedFrom) ? allowedFrom - nowMs : ORIGINAL_DEDUP_ID_REUSE_AFTER_MS;
    throw new RedriveTooEarlyError(record.id, Math.max(1, Math.ceil(waitMs / 1000)));
  }
  return { ...base, deduplicationId: record.dedupId, attributes };
};
