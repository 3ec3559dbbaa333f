import {
  type AttributeDefinition,
  DescribeTableCommand,
  type DynamoDBClient,
  type KeySchemaElement,
  ResourceNotFoundException,
} from "@aws-sdk/client-dynamodb";
import { effectTableName, isDeclared } from "../../functions/core/config/effect-tables";
import type { ResolvedEffectTable, ResolvedQueueConfig } from "../../functions/core/config/types";
import { EffectTableMissingError } from "../errors";
import { createIfMissing } from "./dynamodb";

const keySchema = (table: ResolvedEffectTable) => {
  const keys = [
    ...(table.partitionKey ? [{ key: table.partitionKey, type: "HASH" as const }] : []),
    ...(table.sortKey ? [{ key: table.sortKey, type: "RANGE" as const }] : []),
  ];
  return {
    AttributeDefinitions: keys.map(
      ({ key }): AttributeDefinition => ({ AttributeName: key.name, AttributeType: key.type }),
    ),
    KeySchema: keys.map(({ key, type }): KeySchemaElement => ({ AttributeName: key.name, KeyType: type })),
  };
};

const checkExists = async (dynamo: DynamoDBClient, queue: string, table: string, endpoint: string) => {
  try {
    await dynamo.send(new DescribeTableCommand({ TableName: table }));
  } catch (error) {
    if (error instanceof ResourceNotFoundException) throw new EffectTableMissingError(queue, table, endpoint);
    throw error;
  }
};

/**
 * The queues' effect tables, as the CDK stack has them: a declared table is created with its keys (the local
 * stack has no stack name, so it keeps its configured name); a bare name is a table of the user's, which must
 * exist already — a missing one stops `npm start` with an error naming the queue and the table.
 */
export const provisionEffectTables = async (
  dynamo: DynamoDBClient,
  queues: readonly ResolvedQueueConfig[],
  endpoint: string,
): Promise<void> => {
  for (const queue of queues) {
    for (const table of queue.effectTables) {
      const name = effectTableName(table, undefined);
      if (isDeclared(table)) {
        await createIfMissing(dynamo, {
          TableName: name,
          BillingMode: "PAY_PER_REQUEST",
          ...keySchema(table),
        });
      } else {
        await checkExists(dynamo, queue.name, name, endpoint);
      }
    }
  }
};
