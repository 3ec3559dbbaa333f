import { processPartialResponse, SqsFifoPartialProcessorAsync } from "@aws-lambda-powertools/batch";
import { IdempotencyConfig, makeIdempotent } from "@aws-lambda-powertools/idempotency";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

/**
 * The peer the consumer is measured against: Powertools for AWS Lambda (TypeScript) 2.35 as its docs show it
 * for SQS FIFO with idempotency — SqsFifoPartialProcessorAsync + makeIdempotent + DynamoDBPersistenceLayer,
 * keyed by the record's deduplication id, with the Lambda context registered (so in-progress claims expire).
 */
export const createPowertoolsConsumer = (options: {
  dynamo: DynamoDBClient;
  table: string;
  work: (record: SQSRecord) => Promise<unknown>;
}): ((event: SQSEvent, context: Context) => Promise<SQSBatchResponse>) => {
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: options.table,
    awsSdkV3Client: options.dynamo,
    keyAttr: "pk",
    expiryAttr: "expiresAt",
  });
  const config = new IdempotencyConfig({ eventKeyJmesPath: "attributes.MessageDeduplicationId" });
  const processor = new SqsFifoPartialProcessorAsync();
  const recordHandler = makeIdempotent(async (record: SQSRecord) => options.work(record), {
    persistenceStore,
    config,
  });
  return async (event, context) => {
    config.registerLambdaContext(context);
    return processPartialResponse(event, recordHandler, processor, { context, skipGroupOnError: true });
  };
};
