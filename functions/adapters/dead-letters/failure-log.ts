import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { FailureLog, FailureRecord } from "../../core/dead-letters/failure-log";
import { IDEMPOTENCY_TABLE } from "../../core/tables";
import { dynamoDbSdk } from "../dynamodb/sdk";
import { deadLetterStoreError, storeCall } from "./dynamo-context";
import { FailureLogWriteError } from "./errors";
import { createDynamoDbFailureWriter, type DynamoDbFailureWriterOptions, failureKey } from "./failure-writer";

const { GetItemCommand } = dynamoDbSdk;

export type DynamoDbFailureLogOptions = DynamoDbFailureWriterOptions;

/** A stored entry, or undefined when it is not one this adapter wrote (a missing reason is not fatal). */
const fromItem = (item: Record<string, AttributeValue>): FailureRecord | undefined => {
  const s = (name: string) => item[name]?.S;
  const [queue, messageId, dedupId, groupId, name, message, at] = [
    s("queue"),
    s("messageId"),
    s("dedupId"),
    s("groupId"),
    s("errorName"),
    s("errorMessage"),
    s("at"),
  ];
  const attempt = Number(item.attempt?.N);
  if (
    !queue ||
    !messageId ||
    dedupId === undefined ||
    groupId === undefined ||
    !name ||
    message === undefined ||
    !at
  ) {
    return undefined;
  }
  return {
    queue,
    messageId,
    dedupId,
    groupId,
    attempt: attempt > 0 ? attempt : 1,
    error: { name, message },
    at,
    sentAt: s("sentAt"),
  };
};

/**
 * The failure log on the idempotency table: `record` is the consumer's writer (failure-writer.ts), `lookup` one
 * strongly consistent GetItem. SDK errors become `deadLetterStoreError`s (retryable or not).
 */
export const createDynamoDbFailureLog = (options: DynamoDbFailureLogOptions): FailureLog => {
  const { dynamo, table } = options;
  const writer = createDynamoDbFailureWriter(options);
  return {
    async record(failures) {
      try {
        await writer.record(failures);
      } catch (error) {
        if (!(error instanceof FailureLogWriteError)) throw error;
        throw deadLetterStoreError("failure log write", error.cause);
      }
    },
    async lookup(queue, messageId) {
      const key = { [IDEMPOTENCY_TABLE.partitionKey]: { S: failureKey(queue, messageId) } };
      const command = new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true });
      const { Item } = await storeCall("failure log read", () => dynamo.send(command));
      return Item ? fromItem(Item) : undefined;
    },
  };
};
