import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DeadLetterRecorderDeps } from "../../core/dead-letters/recorder";
import { createDynamoDbDeadLetterStore } from "./dead-letter-store";
import { createDynamoDbFailureLog } from "./failure-log";

/** The tables and client, plus the recorder's own options it passes on as they are (`payloads` also keeps records over DynamoDB's 400 KB). */
export interface DynamoDbRecorderDepsInput
  extends Pick<DeadLetterRecorderDeps, "logger" | "queue" | "now" | "payloads"> {
  readonly dynamo: DynamoDBClient;
  /** FIFOQ_DEAD_LETTER_TABLE. */
  readonly deadLetterTable: string;
  /** FIFOQ_IDEMPOTENCY_TABLE (the failure log lives there). */
  readonly idempotencyTable: string;
}

/** The recorder's ports on DynamoDB: the Lambda edge and the local stack both call it. */
export const dynamoDbRecorderDeps = (input: DynamoDbRecorderDepsInput): DeadLetterRecorderDeps => ({
  failureLog: createDynamoDbFailureLog({ dynamo: input.dynamo, table: input.idempotencyTable }),
  store: createDynamoDbDeadLetterStore({
    dynamo: input.dynamo,
    table: input.deadLetterTable,
    payloads: input.payloads,
  }),
  payloads: input.payloads,
  logger: input.logger,
  queue: input.queue,
  now: input.now,
});
