import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  ResourceInUseException,
  UpdateTableCommand,
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
  /** Only these attributes besides the keys (`INCLUDE`). @default every attribute (`ALL`) */
  readonly projected?: readonly string[];
}

const keySchema = (keys: Keys): CreateTableCommandInput["KeySchema"] => [
  { AttributeName: keys.partitionKey, KeyType: "HASH" },
  ...(keys.sortKey ? [{ AttributeName: keys.sortKey, KeyType: "RANGE" as const }] : []),
];

const attributeDefinitions = (keys: readonly (Keys | undefined)[]) => {
  const names = keys.flatMap((key) => (key ? [key.partitionKey, key.sortKey] : []));
  const unique = [...new Set(names.filter((name): name is string => name !== undefined))];
  return unique.map((AttributeName) => ({ AttributeName, AttributeType: "S" as const }));
};

const indexOf = (index: IndexKeys): GlobalSecondaryIndex => ({
  IndexName: index.name,
  KeySchema: keySchema(index),
  Projection: index.projected
    ? { ProjectionType: "INCLUDE", NonKeyAttributes: [...index.projected] }
    : { ProjectionType: "ALL" },
});

/** A pay-per-request table with string keys and, optionally, indexes (as the CDK stack defines). */
export const keyedTable = (
  TableName: string,
  keys: Keys,
  ...indexes: readonly IndexKeys[]
): CreateTableCommandInput => ({
  TableName,
  BillingMode: "PAY_PER_REQUEST",
  AttributeDefinitions: attributeDefinitions([keys, ...indexes]),
  KeySchema: keySchema(keys),
  ...(indexes.length > 0 && { GlobalSecondaryIndexes: indexes.map(indexOf) }),
});

/**
 * Adds the indexes a table kept from an older fifoq lacks (the local state survives restarts): DynamoDB
 * Local builds the index from the items at once. Items written before have no key in it (a sparse index).
 */
const addMissingIndexes = async (dynamo: DynamoDBClient, input: CreateTableCommandInput) => {
  const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: input.TableName }));
  const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  for (const index of input.GlobalSecondaryIndexes ?? []) {
    if (present.has(index.IndexName)) continue;
    await dynamo.send(
      new UpdateTableCommand({
        TableName: input.TableName,
        AttributeDefinitions: input.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
  }
};

/** Creates the idempotency and dead-letter tables with the keys and indexes the CDK stack defines. */
export const provisionTables = async (dynamo: DynamoDBClient, names: TableNames): Promise<void> => {
  await createIfMissing(dynamo, keyedTable(names.idempotency, IDEMPOTENCY_TABLE));
  const deadLetters = keyedTable(
    names.deadLetters,
    DEAD_LETTER_TABLE,
    DEAD_LETTER_TABLE.byTimeIndex,
    DEAD_LETTER_TABLE.byDedupIndex,
  );
  await createIfMissing(dynamo, deadLetters);
  await addMissingIndexes(dynamo, deadLetters);
};
