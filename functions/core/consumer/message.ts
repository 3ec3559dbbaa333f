import type { SQSRecord } from "aws-lambda";
import { isReservedName } from "../../../contract/reserved";
import { ORIGINAL_DEDUP_ID_ATTRIBUTE } from "../dead-letters/attributes";
import { unwrapBody } from "../payloads/carrier";
import type { OutboundDeadLetter } from "./dead-letter-port";
import { MessageParseError } from "./errors";
import type { ConsumerDefinition, ConsumerMessage, MessageEnvelope, UnparsedMessage } from "./types";

const positiveInteger = (raw: string | undefined, fallback: number): number => {
  const value = Number(raw);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

const timestamp = (raw: string | undefined): Date => {
  const value = Number(raw);
  return new Date(Number.isFinite(value) ? value : 0);
};

/**
 * The user's String and Number attributes as plain strings; Binary ones and fifoq's own `fifoq-*` are left out.
 * A map without prototype: `__proto__`, `constructor` and `prototype` are names like any other.
 */
const stringAttributes = (record: SQSRecord): Record<string, string> => {
  const result: Record<string, string> = Object.create(null);
  for (const [name, attribute] of Object.entries(record.messageAttributes ?? {})) {
    if (attribute.stringValue !== undefined && !isReservedName(name)) result[name] = attribute.stringValue;
  }
  return result;
};

/**
 * The envelope of a record. A FIFO record always has a group id; one without is put in the group `""` so it
 * still runs one after another with its peers. The dedup id is the ORIGINAL one: the header of a body fifoq
 * wrapped (a redriven message), else the `fifoq-dedup-id` attribute (a dead letter sent before the header
 * existed), else `MessageDeduplicationId`, else the message id.
 */
export const toEnvelope = (record: SQSRecord, queue: string): MessageEnvelope => ({
  id: record.messageId,
  queue,
  groupId: record.attributes.MessageGroupId ?? "",
  dedupId:
    unwrapBody(record.body)?.header.dedupId ||
    record.messageAttributes?.[ORIGINAL_DEDUP_ID_ATTRIBUTE]?.stringValue ||
    record.attributes.MessageDeduplicationId ||
    record.messageId,
  sequenceNumber: record.attributes.SequenceNumber ?? "",
  attributes: stringAttributes(record),
  attempt: positiveInteger(record.attributes.ApproximateReceiveCount, 1),
  sentAt: timestamp(record.attributes.SentTimestamp),
});

/** The user's body of a record: the inline body of a body fifoq wrapped (a redrive), else the body itself. */
export const carriedBody = (record: SQSRecord): string => unwrapBody(record.body)?.body ?? record.body;

/** Who a message is, as every log line, failure entry and handler logger names it. Never the body. */
export const messageIdentity = ({ queue, id, groupId, dedupId, attempt }: MessageEnvelope) => ({
  queue,
  messageId: id,
  groupId,
  dedupId,
  attempt,
});

/** `JSON.parse` then the definition's `parse`; any throw becomes a (permanent) `MessageParseError`. */
export const parseMessage = <TBody>(
  envelope: MessageEnvelope,
  rawBody: string,
  parse: ConsumerDefinition<TBody, unknown>["parse"],
): ConsumerMessage<TBody> => {
  try {
    const json: unknown = JSON.parse(rawBody);
    const body = parse ? parse(json) : (json as TBody);
    return { ...envelope, body };
  } catch (cause) {
    throw new MessageParseError(envelope.id, { cause });
  }
};

export const unparsedMessage = (envelope: MessageEnvelope, rawBody: string): UnparsedMessage => ({
  ...envelope,
  body: undefined,
  rawBody,
});

/** The dead letter of a record: its body and attributes as delivered, its ORIGINAL dedup id, and why. */
export const toOutboundDeadLetter = (
  record: SQSRecord,
  envelope: MessageEnvelope,
  error: Error,
): OutboundDeadLetter => ({
  queue: envelope.queue,
  messageId: envelope.id,
  groupId: envelope.groupId,
  dedupId: envelope.dedupId,
  body: record.body,
  // Every attribute as delivered, `fifoq-*` included: the recorder falls back on `fifoq-dedup-id`.
  messageAttributes: record.messageAttributes ?? {},
  receiveCount: envelope.attempt,
  sentAt: envelope.sentAt,
  error,
});
