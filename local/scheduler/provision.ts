import { CreateTableCommand, type DynamoDBClient, ResourceInUseException } from "@aws-sdk/client-dynamodb";
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { SCHEDULED_TABLE } from "../../functions/core/tables";

/** The local delay queue: a standard queue, as in the cloud stack. */
export const LOCAL_DELAY_QUEUE = "fifoq-delay";

/** How long a release may run before the delay-queue message comes back (as the cloud stack sets it). */
export const DELAY_QUEUE_VISIBILITY_SECONDS = 60;

/** Creates the scheduled-message table (keys and the `byGroupDue` index the CDK stack defines), if missing. */
export const provisionScheduledTable = async (dynamo: DynamoDBClient, table: string): Promise<void> => {
  const index = SCHEDULED_TABLE.byGroupDueIndex;
  try {
    await dynamo.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [
          { AttributeName: SCHEDULED_TABLE.partitionKey, AttributeType: "S" },
          { AttributeName: SCHEDULED_TABLE.sortKey, AttributeType: "S" },
          { AttributeName: index.partitionKey, AttributeType: "S" },
          { AttributeName: index.sortKey, AttributeType: "S" },
        ],
        KeySchema: [
          { AttributeName: SCHEDULED_TABLE.partitionKey, KeyType: "HASH" },
          { AttributeName: SCHEDULED_TABLE.sortKey, KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: "HASH" },
              { AttributeName: index.sortKey, KeyType: "RANGE" },
            ],
            Projection: { ProjectionType: "ALL" },
          },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
};

/** Creates the delay queue; its URL and ARN. */
export const provisionDelayQueue = async (sqs: SQSClient, name = LOCAL_DELAY_QUEUE) => {
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: String(DELAY_QUEUE_VISIBILITY_SECONDS),
        MessageRetentionPeriod: "1209600",
      },
    }),
  );
  if (!QueueUrl) throw new Error(`CreateQueue ${name} returned no URL`);
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }),
  );
  return { url: QueueUrl, arn: Attributes?.QueueArn ?? "" };
};
