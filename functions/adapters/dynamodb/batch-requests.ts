import type { BatchStatementRequest, BatchStatementResponse, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { StoreUnavailableError } from "../../core/idempotency/errors";
import { type Item, PK } from "./idempotency-items";
import { dynamoDbSdk } from "./sdk";
import { translateSdkError, translateStatementError } from "./sdk-errors";

const { BatchExecuteStatementCommand } = dynamoDbSdk;

export interface TableContext {
  readonly dynamo: DynamoDBClient;
  readonly table: string;
}

/**
 * One BatchExecuteStatement; answers in statement order. DynamoDB takes at most 25 statements per request and a
 * FIFO batch has at most 10 records, so the protocol never needs more than one (more is refused by DynamoDB,
 * which surfaces as a `StoreRejectedError`). No statements: no request.
 */
export const executeStatements = async (
  context: TableContext,
  operation: string,
  statements: BatchStatementRequest[],
): Promise<BatchStatementResponse[]> => {
  if (statements.length === 0) return [];
  let responses: BatchStatementResponse[];
  try {
    const output = await context.dynamo.send(new BatchExecuteStatementCommand({ Statements: statements }));
    responses = output.Responses ?? [];
  } catch (error) {
    throw translateSdkError(error, operation);
  }
  if (responses.length !== statements.length) {
    throw new StoreUnavailableError(
      operation,
      `${responses.length} answers to ${statements.length} statements`,
    );
  }
  return responses;
};

/**
 * Strongly consistent read of every key: one PartiQL `SELECT` per key, all in one request (the same command as
 * the writes, so no separate read path with its own unprocessed-keys loop). A statement that fails fails the
 * read. pk → item; absent keys are absent.
 */
export const readItems = async (
  context: TableContext,
  operation: string,
  keys: readonly string[],
): Promise<Map<string, Item>> => {
  const unique = [...new Set(keys)];
  const Statement = `SELECT * FROM "${context.table}" WHERE "${PK}" = ?`;
  const responses = await executeStatements(
    context,
    operation,
    unique.map((key) => ({ Statement, Parameters: [{ S: key }], ConsistentRead: true })),
  );
  const found = new Map<string, Item>();
  responses.forEach(({ Error: error, Item: item }, index) => {
    if (error) throw translateStatementError(operation, error);
    const key = unique[index];
    if (item && key !== undefined) found.set(key, item);
  });
  return found;
};
