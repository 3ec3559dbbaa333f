import type { Message, MessageAttributeValue } from "@aws-sdk/client-sqs";
import type { SQSMessageAttribute, SQSRecord } from "aws-lambda";

export interface QueueLocation {
  /** ARN of the queue the message was received from. */
  readonly queueArn: string;
  /** @default the region in the ARN, else "us-east-1" */
  readonly region?: string | undefined;
}

const toLambdaAttribute = (value: MessageAttributeValue): SQSMessageAttribute => ({
  dataType: value.DataType ?? "String",
  stringValue: value.StringValue,
  binaryValue: value.BinaryValue ? Buffer.from(value.BinaryValue).toString("base64") : undefined,
  stringListValues: [],
  binaryListValues: [],
});

/**
 * What Lambda's SQS event source would hand the function for a message received with
 * `ReceiveMessage` (`MessageSystemAttributeNames: ["All"]`, `MessageAttributeNames: ["All"]`).
 * Used by the local stack's poller and by integration tests.
 */
export const sqsMessageToRecord = (message: Message, location: QueueLocation): SQSRecord => {
  const attributes = message.Attributes ?? {};
  const region = location.region ?? location.queueArn.split(":")[3] ?? "us-east-1";
  return {
    messageId: message.MessageId ?? "",
    receiptHandle: message.ReceiptHandle ?? "",
    body: message.Body ?? "",
    attributes: {
      ...attributes,
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? "1",
      SentTimestamp: attributes.SentTimestamp ?? "0",
      SenderId: attributes.SenderId ?? "",
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? "0",
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        toLambdaAttribute(value),
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? "",
    ...(message.MD5OfMessageAttributes ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
    eventSource: "aws:sqs",
    eventSourceARN: location.queueArn,
    awsRegion: region,
  };
};
