import type { MessageAttributeValue, SQSClient } from "@aws-sdk/client-sqs";
import { MAX_MESSAGE_ATTRIBUTES } from "../../../contract/limits";
import type {
  DeadLetterSender,
  OutboundDeadLetter,
  RawMessageAttribute,
} from "../../core/consumer/dead-letter-port";
import { DeadLetterSendError } from "../../core/consumer/errors";
import { ORIGINAL_DEDUP_ID_ATTRIBUTE } from "../../core/dead-letters/attributes";
import { SQS_MAX_MESSAGE_BYTES, typedMessageSize } from "../../core/producer/message-size";

export interface SqsDeadLetterSenderOptions {
  /** The client, or how to get it at the first send (see `lazySqsClient`). */
  readonly sqs: SQSClient | (() => Promise<SQSClient>);
  /** URL of the queue's FIFO dead-letter queue (`<name>-dlq.fifo`). */
  readonly dlqUrl: string;
}

const toSdkAttribute = ({
  dataType,
  stringValue,
  binaryValue,
}: RawMessageAttribute): MessageAttributeValue =>
  binaryValue !== undefined
    ? { DataType: dataType, BinaryValue: Buffer.from(binaryValue, "base64") }
    : { DataType: dataType, StringValue: stringValue ?? "" };

/**
 * The letter's attributes, plus `fifoq-dedup-id` = its original dedup id when it is not there yet and there is
 * room, counted in attributes AND in bytes (the letter fitted SQS when it was delivered; fifoq's own metadata
 * must never make it not fit): the recorder reads it when the failure-log entry is missing (that write failed).
 */
const withDedupAttribute = (letter: OutboundDeadLetter): Record<string, RawMessageAttribute> => {
  const attributes: Record<string, RawMessageAttribute> = Object.create(null);
  Object.assign(attributes, letter.messageAttributes);
  if (Object.hasOwn(attributes, ORIGINAL_DEDUP_ID_ATTRIBUTE)) return attributes;
  if (Object.keys(attributes).length >= MAX_MESSAGE_ATTRIBUTES) return attributes;
  const extra: RawMessageAttribute = { dataType: "String", stringValue: letter.dedupId };
  const withExtra = { ...attributes, [ORIGINAL_DEDUP_ID_ATTRIBUTE]: extra };
  if (typedMessageSize(letter.body, withExtra) > SQS_MAX_MESSAGE_BYTES) return attributes;
  attributes[ORIGINAL_DEDUP_ID_ATTRIBUTE] = extra;
  return attributes;
};

const toSdkAttributes = (letter: OutboundDeadLetter): Record<string, MessageAttributeValue> =>
  Object.fromEntries(
    Object.entries(withDedupAttribute(letter)).map(([name, value]) => [name, toSdkAttribute(value)]),
  );

/**
 * Sends a dead letter to the FIFO dead-letter queue: same group, same body and message attributes (plus the
 * original dedup id, see above), and the original message id as deduplication id (a retried send within SQS's
 * 5-minute window is not duplicated). The SDK is imported at the first send, not when the consumer starts.
 * Any error becomes a `DeadLetterSendError` carrying it as `cause`.
 */
export const createSqsDeadLetterSender = ({ sqs, dlqUrl }: SqsDeadLetterSenderOptions): DeadLetterSender => ({
  async send(letter) {
    try {
      const { SendMessageCommand } = await import("@aws-sdk/client-sqs");
      const client = typeof sqs === "function" ? await sqs() : sqs;
      await client.send(
        new SendMessageCommand({
          QueueUrl: dlqUrl,
          MessageBody: letter.body,
          MessageGroupId: letter.groupId,
          MessageDeduplicationId: letter.messageId,
          MessageAttributes: toSdkAttributes(letter),
        }),
      );
    } catch (cause) {
      throw new DeadLetterSendError(letter.messageId, { cause });
    }
  },
});
