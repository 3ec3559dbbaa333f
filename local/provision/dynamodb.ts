import {
  CreateTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  ResourceInUseException,
} from "@aws-sdk/client-dynamodb";
import { DEAD_LETTER_TABLE, IDEMPOTENCY_TABLE } from "../../functions/core/tables";

export interface TableNames {
  readonly idempotency: string;
  readonly deadLetters: string;
}

export const createIfMissing = async (dynamo: DynamoDBClient, input: CreateTableCommandInput) => {
  try {
    await dynamo.send(new CreateTableCommand(input));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
};

/** Creates the idempotency and dead-letter tables with the keys and index the CDK stack defines. */
export const provisionTables = async (dynamo: DynamoDBClient, names: TableNames): Promise<void> => {
  await createIfMissing(dynamo, {
    TableName: names.idempotency,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [{ AttributeName: IDEMPOTENCY_TABLE.partitionKey, AttributeType: "S" }],
    KeySchema: [{ AttributeName: IDEMPOTENCY_TABLE.partitionKey, KeyType: "HASH" }],
  });
  const index = DEAD_LETTER_TABLE.byTimeIndex;
  await createIfMissing(dynamo, {
    TableName: names.deadLetters,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [
      { AttributeName: DEAD_LETTER_TABLE.partitionKey, AttributeType: "S" },
      { AttributeName: DEAD_LETTER_TABLE.sortKey, AttributeType: "S" },
      { AttributeName: index.sortKey, AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: DEAD_LETTER_TABLE.partitionKey, KeyType: "HASH" },
      { AttributeName: DEAD_LETTER_TABLE.sortKey, KeyType: "RANGE" },
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
  });
};
