import { type AttributeValue, type DynamoDBClient, paginateScan } from "@aws-sdk/client-dynamodb";
import { DEFAULT_TABLES } from "../local/start-local-stack";
import { EFFECT_TABLE } from "./chaos.config";

/** A dead-letter record as the run checks it (read straight from DynamoDB Local, past the fault proxy). */
export interface DeadLetterRow {
  readonly id: string;
  readonly dedupId: string;
  readonly status: string;
  /** Body and attributes were stored in the payload store (the record is over DynamoDB's item limit). */
  readonly offloaded: boolean;
}

const scanAll = async (dynamo: DynamoDBClient, table: string): Promise<Record<string, AttributeValue>[]> => {
  const items: Record<string, AttributeValue>[] = [];
  for await (const page of paginateScan({ client: dynamo }, { TableName: table, ConsistentRead: true }))
    items.push(...(page.Items ?? []));
  return items;
};

export const readDeadLetters = async (dynamo: DynamoDBClient): Promise<DeadLetterRow[]> =>
  (await scanAll(dynamo, DEFAULT_TABLES.deadLetters)).map((item) => ({
    id: item.id?.S ?? "",
    dedupId: item.dedupId?.S ?? "",
    status: item.status?.S ?? "",
    offloaded: item.payload?.S !== undefined,
  }));

/** dedupId → how many times its staged effect was applied. */
export const readStagedEffects = async (dynamo: DynamoDBClient): Promise<Map<string, number>> =>
  new Map(
    (await scanAll(dynamo, EFFECT_TABLE)).map(
      (item) => [item.pk?.S ?? "", Number(item.applied?.N ?? 0)] as const,
    ),
  );
