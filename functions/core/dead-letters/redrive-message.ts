import { createHash } from "node:crypto";
import { RESERVED_PREFIX } from "../../../contract/reserved";
import { wrapBody } from "../payloads/carrier";
import { DeadLetterNotRedrivableError } from "./errors";
import type { RedriveMessage } from "./store";
import type { DeadLetterRecord } from "./types";

const MAX_DEDUP_ID_LENGTH = 128;

const REDRIVE_PREFIX = `${RESERVED_PREFIX}redrive-`;

/**
 * The SQS dedup id of a redriven message: fixed per dead letter, so a repeated send (a retry after a crash
 * between claim, send and mark, or two concurrent redrives) within 5 minutes is deduplicated by SQS; different
 * from the original, so SQS does not drop it as a duplicate of the message it was; and made from the record's
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
 * The message to send back to the source queue for a dead letter: same group, same body and the user's own
 * attributes, whatever their number. Its SQS dedup id is always `redriveDeduplicationId` (fifoq's own); the
 * ORIGINAL dedup id travels in the body's carrier header (`payloads/carrier.ts`), which the consumer runtime
 * reads as the message's dedupId, so the exactly-once effect stays keyed by the original.
 */
export const buildRedriveMessage = (record: DeadLetterRecord): RedriveMessage => {
  if (record.bodyTruncated) {
    throw new DeadLetterNotRedrivableError(
      record.id,
      "its body is not available whole (cut by an earlier version of fifoq, or its payload object was gone when it was recorded); discard it",
    );
  }
  return {
    id: record.id,
    queue: record.queue,
    groupId: record.groupId,
    deduplicationId: redriveDeduplicationId(record),
    body: wrapBody({ dedupId: record.dedupId }, record.rawBody),
    attributes: userAttributes(record),
  };
};
