import {
  type AttributeValue,
  CreateTableCommand,
  type DynamoDBClient,
  GetItemCommand,
} from "@aws-sdk/client-dynamodb";

/**
 * A table keyed by the string `pk`, on demand, as a consumer's effect table (where it stages its writes) is in
 * the tests and the chaos run.
 */
export const createEffectTable = async (dynamo: DynamoDBClient, table: string): Promise<void> => {
  await dynamo.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    }),
  );
};

/** The item of a `pk`-keyed table (an effect table or the idempotency table), read consistently. */
export const readItem = async (
  dynamo: DynamoDBClient,
  table: string,
  pk: string,
): Promise<Record<string, AttributeValue> | undefined> =>
  (await dynamo.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true })))
    .Item;
