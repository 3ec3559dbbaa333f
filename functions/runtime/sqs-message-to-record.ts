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

/** The message attributes in a map without prototype: `__proto__` or `constructor` is a name like any other. */
const toLambdaAttributes = (attributes: Message["MessageAttributes"]): SQSRecord["messageAttributes"] => {
  const result: SQSRecord["messageAttributes"] = Object.create(null);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value !== undefined) result[name] = toLambdaAttribute(value);
  }
  return result;
};

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
    messageAttributes: toLambdaAttributes(message.MessageAttributes),
    md5OfBody: message.MD5OfBody ?? "",
    ...(message.MD5OfMessageAttributes ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
    eventSource: "aws:sqs",
    eventSourceARN: location.queueArn,
    awsRegion: region,
  };
};
