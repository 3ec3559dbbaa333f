import type { MessageAttributeValue, SQSClient } from "@aws-sdk/client-sqs";
import type {
  DeadLetterSender,
  OutboundDeadLetter,
  RawMessageAttribute,
} from "../../core/consumer/dead-letter-port";
import { DeadLetterSendError } from "../../core/consumer/errors";
import { ORIGINAL_DEDUP_ID_ATTRIBUTE } from "../../core/dead-letters/attributes";

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

/** SQS allows at most 10 message attributes. */
const MAX_ATTRIBUTES = 10;

/**
 * The letter's attributes, plus `fifoq-dedup-id` = its original dedup id when it is not there yet and there is
 * room: the recorder reads it when the failure-log entry is missing (e.g. that write failed).
 */
const toSdkAttributes = (letter: OutboundDeadLetter): Record<string, MessageAttributeValue> | undefined => {
  const entries = Object.entries(letter.messageAttributes).map(([name, value]) => [
    name,
    toSdkAttribute(value),
  ]);
  if (!(ORIGINAL_DEDUP_ID_ATTRIBUTE in letter.messageAttributes) && entries.length < MAX_ATTRIBUTES) {
    entries.push([ORIGINAL_DEDUP_ID_ATTRIBUTE, { DataType: "String", StringValue: letter.dedupId }]);
  }
  return Object.fromEntries(entries);
};

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
