import {
  BatchExecuteStatementCommand,
  BatchGetItemCommand,
  type BatchStatementRequest,
  type BatchStatementResponse,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { StoreUnavailableError } from "../../core/idempotency/errors";
import { type Item, PK } from "./idempotency-items";
import { translateSdkError } from "./sdk-errors";

export interface TableContext {
  readonly dynamo: DynamoDBClient;
  readonly table: string;
  /** Rounds of BatchGetItem for keys DynamoDB left unprocessed (throttling). */
  readonly readRounds: number;
  readonly sleep: (ms: number) => Promise<void>;
}

/** DynamoDB's limits per BatchExecuteStatement and per BatchGetItem. */
const STATEMENTS_PER_REQUEST = 25;
const KEYS_PER_GET = 100;

const chunk = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

const sendStatements = async (context: TableContext, operation: string, part: BatchStatementRequest[]) => {
  let responses: BatchStatementResponse[];
  try {
    const output = await context.dynamo.send(new BatchExecuteStatementCommand({ Statements: part }));
    responses = output.Responses ?? [];
  } catch (error) {
    throw translateSdkError(error, operation);
  }
  if (responses.length !== part.length) {
    throw new StoreUnavailableError(operation, `${responses.length} answers to ${part.length} statements`);
  }
  return responses;
};

/** One request per 25 statements (one for a FIFO batch); answers in statement order. */
export const executeStatements = async (
  context: TableContext,
  operation: string,
  statements: BatchStatementRequest[],
): Promise<BatchStatementResponse[]> => {
  const parts = chunk(statements, STATEMENTS_PER_REQUEST);
  const answers = await Promise.all(parts.map((part) => sendStatements(context, operation, part)));
  return answers.flat();
};

const getRound = async (context: TableContext, keys: Item[]) => {
  const items: Item[] = [];
  const unprocessed: Item[] = [];
  for (const part of chunk(keys, KEYS_PER_GET)) {
    const output = await context.dynamo.send(
      new BatchGetItemCommand({ RequestItems: { [context.table]: { Keys: part, ConsistentRead: true } } }),
    );
    items.push(...(output.Responses?.[context.table] ?? []));
    unprocessed.push(...(output.UnprocessedKeys?.[context.table]?.Keys ?? []));
  }
  return { items, unprocessed };
};

/** Strongly consistent BatchGetItem of every key, retrying unprocessed keys with backoff. pk → item. */
export const getItems = async (
  context: TableContext,
  operation: string,
  keys: readonly string[],
): Promise<Map<string, Item>> => {
  const found = new Map<string, Item>();
  let pending: Item[] = [...new Set(keys)].map((key) => ({ [PK]: { S: key } }));
  for (let round = 0; pending.length > 0; round += 1) {
    if (round >= context.readRounds) {
      throw new StoreUnavailableError(operation, `${pending.length} keys left unprocessed`);
    }
    if (round > 0) await context.sleep(25 * 2 ** round);
    const result = await getRound(context, pending).catch((error: unknown) => {
      throw translateSdkError(error, operation);
    });
    for (const item of result.items) {
      const key = item[PK]?.S;
      if (key !== undefined) found.set(key, item);
    }
    pending = result.unprocessed;
  }
  return found;
};
