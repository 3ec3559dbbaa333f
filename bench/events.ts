import { randomUUID } from "node:crypto";
import type { Context, SQSEvent, SQSRecord } from "aws-lambda";
import { createLambdaContext } from "../local/poller/lambda-context";

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

const BENCH_FUNCTION = {
  functionName: "bench-consumer",
  timeoutMs: 30_000,
  memorySizeMb: 256,
  region: "us-east-1",
};

/** The same Lambda context the local stack's event source mapping gives an invocation. */
export const lambdaContext = (timeoutMs = BENCH_FUNCTION.timeoutMs): Context =>
  createLambdaContext(BENCH_FUNCTION, randomUUID(), Date.now() + timeoutMs);
