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

interface Keys {
  readonly partitionKey: string;
  readonly sortKey?: string;
}

interface IndexKeys extends Keys {
  readonly name: string;
}

const keySchema = (keys: Keys): CreateTableCommandInput["KeySchema"] => [
  { AttributeName: keys.partitionKey, KeyType: "HASH" },
  ...(keys.sortKey ? [{ AttributeName: keys.sortKey, KeyType: "RANGE" as const }] : []),
];

/** A pay-per-request table with string keys and, optionally, one all-projecting index (as the CDK stack defines). */
export const keyedTable = (TableName: string, keys: Keys, index?: IndexKeys): CreateTableCommandInput => {
  const names = [keys.partitionKey, keys.sortKey, index?.partitionKey, index?.sortKey];
  const attributes = [...new Set(names.filter((name): name is string => name !== undefined))];
  return {
    TableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: attributes.map((AttributeName) => ({ AttributeName, AttributeType: "S" })),
    KeySchema: keySchema(keys),
    ...(index && {
      GlobalSecondaryIndexes: [
        { IndexName: index.name, KeySchema: keySchema(index), Projection: { ProjectionType: "ALL" } },
      ],
    }),
  };
};

/** Creates the idempotency and dead-letter tables with the keys and index the CDK stack defines. */
export const provisionTables = async (dynamo: DynamoDBClient, names: TableNames): Promise<void> => {
  await createIfMissing(dynamo, keyedTable(names.idempotency, IDEMPOTENCY_TABLE));
  await createIfMissing(
    dynamo,
    keyedTable(names.deadLetters, DEAD_LETTER_TABLE, DEAD_LETTER_TABLE.byTimeIndex),
  );
};
