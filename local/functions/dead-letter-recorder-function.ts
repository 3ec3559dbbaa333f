import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { dynamoDbRecorderDeps } from "../../functions/adapters/dead-letters";
import {
  createDeadLetterRecorder,
  type DeadLetterRecorder,
} from "../../functions/core/dead-letters/recorder";
import type { Logger } from "../../functions/core/logging/logger";
import type { PayloadStore } from "../../functions/core/payloads/payload-store";
import type { TableNames } from "../provision/dynamodb";

/** The dead-letter recorder function of one queue: the cloud Lambda's recorder on the local DynamoDB client. */
export const createRecorderFunction = (input: {
  readonly queue: string;
  readonly dynamo: DynamoDBClient;
  readonly tables: TableNames;
  readonly logger: Logger;
  readonly payloads: PayloadStore;
}): DeadLetterRecorder =>
  createDeadLetterRecorder(
    dynamoDbRecorderDeps({
      dynamo: input.dynamo,
      deadLetterTable: input.tables.deadLetters,
      idempotencyTable: input.tables.idempotency,
      logger: input.logger,
      queue: input.queue,
      payloads: input.payloads,
    }),
  );
