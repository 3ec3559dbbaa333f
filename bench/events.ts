import { randomUUID } from "node:crypto";
import type { Context, SQSEvent, SQSRecord } from "aws-lambda";

let sequence = 10_000_000_000_000_000n;

/** A realistic SQS FIFO record, as the event source mapping delivers it. */
export const fifoRecord = (groupId: string, body: unknown): SQSRecord => {
  sequence += 1n;
  const now = String(Date.now());
  return {
    messageId: randomUUID(),
    receiptHandle: randomUUID(),
    body: JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: "1",
      SentTimestamp: now,
      SenderId: "AIDABENCH",
      ApproximateFirstReceiveTimestamp: now,
      SequenceNumber: String(sequence),
      MessageGroupId: groupId,
      MessageDeduplicationId: randomUUID(),
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:bench.fifo",
    awsRegion: "us-east-1",
  };
};

/** `sizes[i]` records in group i, interleaved the way SQS hands out a FIFO batch. */
export const fifoEvent = (sizes: readonly number[]): SQSEvent => {
  const records: SQSRecord[] = [];
  const max = Math.max(...sizes);
  for (let position = 0; position < max; position++) {
    sizes.forEach((size, group) => {
      if (position < size) records.push(fifoRecord(`g${group}`, { group, position }));
    });
  }
  return { Records: records };
};

export const lambdaContext = (timeoutMs = 30_000): Context => {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: "bench-consumer",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:bench-consumer",
    memoryLimitInMB: "256",
    awsRequestId: randomUUID(),
    logGroupName: "/aws/lambda/bench-consumer",
    logStreamName: "bench",
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};
