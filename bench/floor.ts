import { randomUUID } from "node:crypto";
import { BatchExecuteStatementCommand, type DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

/**
 * The floor the consumer is measured against: the least any exactly-once FIFO consumer must do with a batch —
 * one DynamoDB round trip that claims every record (PartiQL INSERTs in one BatchExecuteStatement), the handlers
 * (the groups at once, each group's records in order), and one round trip that marks them done, as small as it
 * can be (one item naming the batch's records, as fifoq's batch commit does). No runtime:
 * no deadline, no retries, no logs, no failure handling. fifoq's batch time over this one says what its runtime
 * costs beyond the unavoidable.
 */
export const createFloorConsumer = (options: {
  readonly dynamo: DynamoDBClient;
  readonly table: string;
  readonly work: (record: SQSRecord) => Promise<unknown>;
}): ((event: SQSEvent) => Promise<SQSBatchResponse>) => {
  const keyOf = (record: SQSRecord) => ({ S: `floor#${record.attributes.MessageDeduplicationId}` });
  const claim = (records: readonly SQSRecord[]) =>
    options.dynamo.send(
      new BatchExecuteStatementCommand({
        Statements: records.map((record) => ({
          Statement: `INSERT INTO "${options.table}" VALUE {'pk': ?}`,
          Parameters: [keyOf(record)],
        })),
      }),
    );
  const markDone = (records: readonly SQSRecord[]) =>
    options.dynamo.send(
      new PutItemCommand({
        TableName: options.table,
        Item: {
          pk: { S: `floor-batch#${randomUUID()}` },
          done: { NS: records.map((_, slot) => String(slot)) },
        },
      }),
    );
  return async (event) => {
    await claim(event.Records);
    const groups = new Map<string, SQSRecord[]>();
    for (const record of event.Records) {
      const group = record.attributes.MessageGroupId ?? "";
      groups.set(group, [...(groups.get(group) ?? []), record]);
    }
    await Promise.all(
      [...groups.values()].map(async (records) => {
        for (const record of records) await options.work(record);
      }),
    );
    await markDone(event.Records);
    return { batchItemFailures: [] };
  };
};
