import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DeadLetterRecorderDeps } from "../../core/dead-letters/recorder";
import type { Logger } from "../../core/logging/logger";
import type { PayloadStore } from "../../core/payloads/payload-store";
import { createDynamoDbDeadLetterStore } from "./dead-letter-store";
import { createDynamoDbFailureLog } from "./failure-log";

export interface DynamoDbRecorderDepsInput {
  readonly dynamo: DynamoDBClient;
  /** FIFOQ_DEAD_LETTER_TABLE. */
  readonly deadLetterTable: string;
  /** FIFOQ_IDEMPOTENCY_TABLE (the failure log lives there). */
  readonly idempotencyTable: string;
  readonly logger: Logger;
  /** Used when a record's eventSourceARN does not end in `:<name>-dlq.fifo` (FIFOQ_QUEUE_NAME). */
  readonly queue?: string | undefined;
  readonly now?: (() => number) | undefined;
  /** Where claim-checked bodies are, and where records over DynamoDB's 400 KB keep body and attributes. */
  readonly payloads?: PayloadStore | undefined;
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
