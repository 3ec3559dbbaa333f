import { type MessageAttributeValue, SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { DeadLetter, DeadLetterSender, RawMessageAttribute } from "../../core/consumer/dead-letter-port";
import { DeadLetterSendError } from "../../core/consumer/errors";

export interface SqsDeadLetterSenderOptions {
  readonly sqs: SQSClient;
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

const toSdkAttributes = (
  attributes: DeadLetter["messageAttributes"],
): Record<string, MessageAttributeValue> | undefined => {
  const entries = Object.entries(attributes);
  if (entries.length === 0) return undefined;
  return Object.fromEntries(entries.map(([name, value]) => [name, toSdkAttribute(value)]));
};

/**
 * Sends a dead letter to the FIFO dead-letter queue: same group, same body and message attributes, and the
 * original message id as deduplication id (a retried send within SQS's 5-minute window is not duplicated).
 * Any SDK error becomes a `DeadLetterSendError` carrying it as `cause`.
 */
export const createSqsDeadLetterSender = ({ sqs, dlqUrl }: SqsDeadLetterSenderOptions): DeadLetterSender => ({
  async send(letter) {
    const command = new SendMessageCommand({
      QueueUrl: dlqUrl,
      MessageBody: letter.body,
      MessageGroupId: letter.groupId,
      MessageDeduplicationId: letter.messageId,
      MessageAttributes: toSdkAttributes(letter.messageAttributes),
    });
    try {
      await sqs.send(command);
    } catch (cause) {
      throw new DeadLetterSendError(letter.messageId, { cause });
    }
  },
});
