import { type MessageAttributeValue, SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { RedriveSendError } from "../../core/dead-letters/errors";
import type { RedriveMessage, RedriveSender } from "../../core/dead-letters/store";

export interface SqsRedriveSenderOptions {
  readonly sqs: SQSClient;
  /** URL of a configured queue by its logical name (the API's queue registry). */
  readonly queueUrl: (queue: string) => string | undefined;
}

const toSdkAttribute = ({ dataType, value }: { dataType: string; value: string }): MessageAttributeValue =>
  dataType.startsWith("Binary")
    ? { DataType: dataType, BinaryValue: Buffer.from(value, "base64") }
    : { DataType: dataType, StringValue: value };

const toSdkAttributes = (attributes: RedriveMessage["attributes"]) => {
  const entries = Object.entries(attributes);
  if (entries.length === 0) return undefined;
  return Object.fromEntries(entries.map(([name, attribute]) => [name, toSdkAttribute(attribute)]));
};

/**
 * Sends redriven messages to their SOURCE queue (never to a dead-letter queue). Any SDK error, or a queue
 * that is not configured, becomes `RedriveSendError` (503, retryable) with the cause.
 */
export const createSqsRedriveSender = ({ sqs, queueUrl }: SqsRedriveSenderOptions): RedriveSender => ({
  async send(message) {
    const url = queueUrl(message.queue);
    if (!url)
      throw new RedriveSendError(message.id, { cause: new Error(`queue "${message.queue}" has no URL`) });
    const command = new SendMessageCommand({
      QueueUrl: url,
      MessageBody: message.body,
      MessageGroupId: message.groupId,
      MessageDeduplicationId: message.deduplicationId,
      MessageAttributes: toSdkAttributes(message.attributes),
    });
    try {
      const { MessageId } = await sqs.send(command);
      if (!MessageId) throw new Error("SendMessage returned no MessageId");
      return { messageId: MessageId };
    } catch (cause) {
      throw new RedriveSendError(message.id, { cause });
    }
  },
});
