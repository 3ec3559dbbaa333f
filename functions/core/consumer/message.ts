import type { SQSRecord } from "aws-lambda";
import type { DeadLetter, RawMessageAttribute } from "./dead-letter-port";
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

/** String and Number attributes as plain strings; Binary ones are left out. */
const stringAttributes = (record: SQSRecord): Record<string, string> => {
  const result: Record<string, string> = {};
  for (const [name, attribute] of Object.entries(record.messageAttributes ?? {})) {
    if (attribute.stringValue !== undefined) result[name] = attribute.stringValue;
  }
  return result;
};

/**
 * The envelope of a record. A FIFO record always has a group id; one without is put in the group `""` so it
 * still runs one after another with its peers. A record without a dedup id uses its message id.
 */
export const toEnvelope = (record: SQSRecord, queue: string): MessageEnvelope => ({
  id: record.messageId,
  queue,
  groupId: record.attributes.MessageGroupId ?? "",
  dedupId: record.attributes.MessageDeduplicationId ?? record.messageId,
  sequenceNumber: record.attributes.SequenceNumber ?? "",
  attributes: stringAttributes(record),
  attempt: positiveInteger(record.attributes.ApproximateReceiveCount, 1),
  sentAt: timestamp(record.attributes.SentTimestamp),
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

const rawAttributes = (record: SQSRecord): Record<string, RawMessageAttribute> => {
  const result: Record<string, RawMessageAttribute> = {};
  for (const [name, { dataType, stringValue, binaryValue }] of Object.entries(
    record.messageAttributes ?? {},
  )) {
    result[name] = { dataType, stringValue, binaryValue };
  }
  return result;
};

export const toDeadLetter = (record: SQSRecord, envelope: MessageEnvelope, error: Error): DeadLetter => ({
  queue: envelope.queue,
  messageId: envelope.id,
  groupId: envelope.groupId,
  dedupId: envelope.dedupId,
  body: record.body,
  messageAttributes: rawAttributes(record),
  receiveCount: envelope.attempt,
  sentAt: envelope.sentAt,
  error,
});
