import {
  type MessageAttributeValue,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { ATTRIBUTE_DATA_TYPE } from "../../core/producer/message-size";
import type {
  BatchSendOutcome,
  MessageSender,
  OutgoingMessage,
  SentMessage,
} from "../../core/producer/types";
import { sqsCallError } from "./sqs-call-error";

const messageAttributes = (message: OutgoingMessage): Record<string, MessageAttributeValue> | undefined => {
  const entries = Object.entries(message.attributes);
  if (entries.length === 0) return undefined;
  return Object.fromEntries(
    entries.map(([name, value]) => [name, { DataType: ATTRIBUTE_DATA_TYPE, StringValue: value }]),
  );
};

const messageFields = (message: OutgoingMessage) => ({
  MessageBody: message.body,
  MessageGroupId: message.groupId,
  MessageDeduplicationId: message.dedupId,
  MessageAttributes: messageAttributes(message),
});

const sentMessage = (messageId: string | undefined, sequenceNumber: string | undefined): SentMessage => {
  if (!messageId) throw new Error("SQS answered without a MessageId");
  return { messageId, sequenceNumber: sequenceNumber ?? "" };
};

/** Sends to SQS FIFO queues; SDK errors leave as domain errors (see `sqsCallError`). */
export const createSqsMessageSender = (sqs: SQSClient): MessageSender => ({
  async send(queueUrl, message) {
    try {
      const output = await sqs.send(
        new SendMessageCommand({ QueueUrl: queueUrl, ...messageFields(message) }),
      );
      return sentMessage(output.MessageId, output.SequenceNumber);
    } catch (error) {
      throw sqsCallError(error, "SendMessage");
    }
  },

  async sendBatch(queueUrl, entries): Promise<BatchSendOutcome> {
    const command = new SendMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: entries.map((entry) => ({ Id: entry.id, ...messageFields(entry.message) })),
    });
    try {
      const output = await sqs.send(command);
      return {
        successful: (output.Successful ?? []).map((ok) => ({
          id: ok.Id ?? "",
          ...sentMessage(ok.MessageId, ok.SequenceNumber),
        })),
        failed: (output.Failed ?? []).map((bad) => ({
          id: bad.Id ?? "",
          code: bad.Code ?? "Unknown",
          message: bad.Message ?? "",
          senderFault: bad.SenderFault ?? false,
        })),
      };
    } catch (error) {
      throw sqsCallError(error, "SendMessageBatch");
    }
  },
});
