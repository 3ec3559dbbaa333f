import { createHash, randomUUID } from "node:crypto";
import type { Context, SQSEvent, SQSMessageAttributes, SQSRecord } from "aws-lambda";

export interface SqsRecordInput {
  /** Any JSON value; serialized with `JSON.stringify`. */
  readonly body?: unknown;
  /** Used as the SQS body verbatim (e.g. invalid JSON); wins over `body`. */
  readonly rawBody?: string;
  readonly groupId: string;
  /** @default the message id */
  readonly dedupId?: string;
  /** @default a random UUID */
  readonly messageId?: string;
  /** ApproximateReceiveCount. @default 1 */
  readonly attempt?: number;
  /** String message attributes. */
  readonly attributes?: Readonly<Record<string, string>>;
  /** SentTimestamp in epoch ms. @default Date.now() */
  readonly sentAt?: number;
  /** Queue name with `.fifo`. @default "orders.fifo" */
  readonly queueName?: string;
}

let sequence = 18_000_000_000_000_000_000n;

const md5 = (text: string): string => createHash("md5").update(text).digest("hex");

const messageAttributes = (attributes: Readonly<Record<string, string>>): SQSMessageAttributes =>
  Object.fromEntries(
    Object.entries(attributes).map(([name, stringValue]) => [
      name,
      { stringValue, dataType: "String", stringListValues: [], binaryListValues: [] },
    ]),
  );

/** A record as Lambda's SQS event source delivers it from a FIFO queue (all attributes, real shapes). */
export const sqsRecordFactory = (input: SqsRecordInput): SQSRecord => {
  const messageId = input.messageId ?? randomUUID();
  const body = input.rawBody ?? JSON.stringify(input.body ?? {});
  const sentAt = input.sentAt ?? Date.now();
  sequence += 1n;
  return {
    messageId,
    receiptHandle: `AQEB${Buffer.from(messageId).toString("base64")}`,
    body,
    attributes: {
      ApproximateReceiveCount: String(input.attempt ?? 1),
      SentTimestamp: String(sentAt),
      SenderId: "AIDAIENQZJOLO23YVJ4VO",
      ApproximateFirstReceiveTimestamp: String(sentAt + 5),
      SequenceNumber: sequence.toString(),
      MessageGroupId: input.groupId,
      MessageDeduplicationId: input.dedupId ?? messageId,
    },
    messageAttributes: messageAttributes(input.attributes ?? {}),
    md5OfBody: md5(body),
    eventSource: "aws:sqs",
    eventSourceARN: `arn:aws:sqs:us-east-1:123456789012:${input.queueName ?? "orders.fifo"}`,
    awsRegion: "us-east-1",
  };
};

export const sqsEventFactory = (records: readonly SQSRecord[]): SQSEvent => ({ Records: [...records] });

export interface LambdaContextInput {
  /** What `getRemainingTimeInMillis()` returns at creation. @default 30000 */
  readonly remainingMs?: number;
  /** Clock the remaining time counts down with. @default Date.now (follows vitest fake timers) */
  readonly now?: () => number;
  readonly awsRequestId?: string;
}

/** A Lambda context whose remaining time decreases as `now()` advances. */
export const lambdaContextFactory = (input: LambdaContextInput = {}): Context => {
  const now = input.now ?? Date.now;
  const deadline = now() + (input.remainingMs ?? 30_000);
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: "fifoq-orders-consumer",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:fifoq-orders-consumer",
    memoryLimitInMB: "256",
    awsRequestId: input.awsRequestId ?? randomUUID(),
    logGroupName: "/aws/lambda/fifoq-orders-consumer",
    logStreamName: "2024/01/01/[$LATEST]0123456789abcdef",
    getRemainingTimeInMillis: () => Math.max(0, deadline - now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};
