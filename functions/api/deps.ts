import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { Logger } from "../core/logging/logger";

/** Where a configured queue lives; the CDK stack passes this as JSON in FIFOQ_QUEUES. */
export interface QueueEndpoint {
  readonly url: string;
  readonly dlqUrl: string;
  readonly contentBasedDeduplication: boolean;
}

export type QueueRegistry = Readonly<Record<string, QueueEndpoint>>;

/** Everything the HTTP API (producer and dead-letter routes) needs; built at the edge or by the local stack. */
export interface ApiDeps {
  readonly sqs: SQSClient;
  readonly dynamo: DynamoDBClient;
  readonly queues: QueueRegistry;
  readonly deadLetterTable: string;
  readonly logger: Logger;
  /**
   * The id of the operator API key: only requests with it (`requestContext.identity.apiKeyId`) may use the
   * operator (dead-letter) routes. Unset: the gateway alone decides who calls what (no API keys, or IAM).
   */
  readonly operatorKeyId?: string | undefined;
  readonly now?: () => number;
}
