import { createHash } from "node:crypto";
import type { TransactionCanceledException as Cancelled, TransactWriteItem } from "@aws-sdk/client-dynamodb";
import type {
  Commit,
  CommitResult,
  CommitWrite,
  RecordTransaction,
  RecordTransactionResult,
} from "../../core/idempotency/store-port";
import {
  CLAIM_DONE,
  COMMIT,
  type IdempotencyTable,
  type Item,
  itemToCommit,
  num,
  PK,
  slotTimeAttribute,
  str,
} from "./idempotency-items";
import { dynamoDbSdk } from "./sdk";
import { translateSdkError, translateStatementError } from "./sdk-errors";

const {
  ConditionalCheckFailedException,
  TransactWriteItemsCommand,
  TransactionCanceledException,
  UpdateItemCommand,
} = dynamoDbSdk;

const ONE = num(1);

/**
 * The owner's commit write: add the slots to the done set (an ADD to a number set, so a replayed write
 * changes nothing) and, when final, seal it; on condition that no taker-over aborted it. Creates the item
 * when absent. Refused: the commit as the abort left it.
 */
export const commit = async (
  context: IdempotencyTable,
  key: string,
  write: CommitWrite,
): Promise<CommitResult> => {
  const names: Record<string, string> = { "#t": COMMIT.ttl, "#ab": COMMIT.aborted };
  const values: Item = { ":t": num(write.expiresAtS) };
  let expression = "SET #t = :t";
  if (write.final) {
    expression += ", #f = :one";
    names["#f"] = COMMIT.final;
    values[":one"] = ONE;
  }
  if (write.slots.length > 0) {
    // Each slot's time: the first write that carries it sets it; a replay or a later write leaves it.
    values[":at"] = num(write.atMs);
    for (const slot of write.slots) {
      expression += `, #at${slot} = if_not_exists(#at${slot}, :at)`;
      names[`#at${slot}`] = slotTimeAttribute(slot);
    }
    expression += " ADD #d :s";
    names["#d"] = COMMIT.done;
    values[":s"] = { NS: write.slots.map(String) };
  }
  try {
    await context.dynamo.send(
      new UpdateItemCommand({
        TableName: context.table,
        Key: { [PK]: str(key) },
        UpdateExpression: expression,
        ConditionExpression: "attribute_not_exists(#ab)",
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    );
    return { kind: "written" };
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException && error.Item) {
      return { kind: "aborted", current: itemToCommit(error.Item) };
    }
    throw translateSdkError(error, "commit");
  }
};

/** A taker-over's seal: `ab` set (creating the item when absent); answers the commit as it is then. */
export const abort = async (context: IdempotencyTable, key: string, expiresAtS: number): Promise<Commit> => {
  try {
    const output = await context.dynamo.send(
      new UpdateItemCommand({
        TableName: context.table,
        Key: { [PK]: str(key) },
        UpdateExpression: "SET #ab = :one, #t = if_not_exists(#t, :t)",
        ExpressionAttributeNames: { "#ab": COMMIT.aborted, "#t": COMMIT.ttl },
        ExpressionAttributeValues: { ":one": ONE, ":t": num(expiresAtS) },
        ReturnValues: "ALL_NEW",
      }),
    );
    return itemToCommit(output.Attributes ?? {});
  } catch (error) {
    throw translateSdkError(error, "abort");
  }
};

/**
 * The same token for every attempt at one record's transaction: DynamoDB applies a transaction once per token
 * (for 10 minutes) and answers a repeat as a success.
 */
const tokenOf = ({ key, batchId }: RecordTransaction) =>
  createHash("sha256").update(`${batchId}\n${key}`).digest("hex").slice(0, 36);

/** Why a transaction was cancelled: its claim was not ours (or ours already done), a staged condition, or else. */
const cancelled = (error: Cancelled, transaction: RecordTransaction): RecordTransactionResult => {
  const reasons = error.CancellationReasons ?? [];
  const claim = reasons[transaction.writes.length];
  if (claim?.Code === "ConditionalCheckFailed") {
    const ours = claim.Item?.batchId?.S === transaction.batchId && claim.Item?.[CLAIM_DONE] !== undefined;
    return { kind: ours ? "committed" : "lost" };
  }
  const index = reasons.findIndex((reason) => reason.Code === "ConditionalCheckFailed");
  if (index >= 0) return { kind: "condition-failed", index };
  const failed = reasons.find((reason) => reason.Code && reason.Code !== "None");
  throw translateStatementError("transaction", failed ?? { Code: error.name, Message: error.message });
};

/**
 * A record's staged writes and its completion in ONE TransactWriteItems: the claim is marked done on
 * condition that this batch still holds it and it is not done yet. All or nothing, once.
 */
export const commitRecord = async (
  context: IdempotencyTable,
  transaction: RecordTransaction,
): Promise<RecordTransactionResult> => {
  const completion: TransactWriteItem = {
    Update: {
      TableName: context.table,
      Key: { [PK]: str(transaction.key) },
      UpdateExpression: "SET #d = :at",
      ConditionExpression: "#b = :b AND attribute_not_exists(#d)",
      ExpressionAttributeNames: { "#d": CLAIM_DONE, "#b": "batchId" },
      ExpressionAttributeValues: { ":at": num(transaction.atMs), ":b": str(transaction.batchId) },
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    },
  };
  try {
    await context.dynamo.send(
      new TransactWriteItemsCommand({
        TransactItems: [...transaction.writes, completion],
        ClientRequestToken: tokenOf(transaction),
      }),
    );
    return { kind: "committed" };
  } catch (error) {
    if (error instanceof TransactionCanceledException) return cancelled(error, transaction);
    throw translateSdkError(error, "transaction");
  }
};
