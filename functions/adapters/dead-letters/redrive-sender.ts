import { type MessageAttributeValue, SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { DeadLetterNotRedrivableError, RedriveSendError } from "../../core/dead-letters/errors";
import type { RedriveMessage, RedriveSender } from "../../core/dead-letters/store";
import { UpstreamRejectedError } from "../../core/http/errors";
import { classifySdkError } from "../sdk-errors";

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
 * A failed send as a domain error (one SDK-error classifier): retryable → `RedriveSendError` (503), a message
 * SQS calls invalid → `DeadLetterNotRedrivableError` (409), any other refusal → 500 without Retry-After.
 */
const sendError = (id: string, cause: unknown): Error => {
  const fault = classifySdkError(cause);
  if (fault.retryable) return new RedriveSendError(id, { cause });
  if (fault.kind === "invalid") {
    return new DeadLetterNotRedrivableError(id, `SQS refused the message (${fault.name}); discard it`, {
      cause,
    });
  }
  return new UpstreamRejectedError("SQS", "SendMessage", fault.name, { cause });
};

/**
 * Sends redriven messages to their SOURCE queue (never to a dead-letter queue); errors as `sendError` says. A
 * queue that is not configured is a deployment problem: 500 without Retry-After.
 */
export const createSqsRedriveSender = ({ sqs, queueUrl }: SqsRedriveSenderOptions): RedriveSender => ({
  async send(message) {
    const url = queueUrl(message.queue);
    if (!url) {
      const cause = new Error(`queue "${message.queue}" has no URL`);
      throw new UpstreamRejectedError("fifoq", "redrive", "QueueNotConfigured", { cause });
    }
    const command = new SendMessageCommand({
      QueueUrl: url,
      MessageBody: message.body,
      MessageGroupId: message.groupId,
      MessageDeduplicationId: message.deduplicationId,
      MessageAttributes: toSdkAttributes(message.attributes),
    });
    let messageId: string | undefined;
    try {
      messageId = (await sqs.send(command)).MessageId;
    } catch (cause) {
      throw sendError(message.id, cause);
    }
    // Sent, but no id to mark the record with: a retry is deduplicated by SQS (same dedup id).
    if (!messageId)
      throw new RedriveSendError(message.id, { cause: new Error("SendMessage returned no MessageId") });
    return { messageId };
  },
});
