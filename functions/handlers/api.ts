import { createDynamoDbClient } from "../adapters/aws-clients";
import { createSqsClient } from "../adapters/sqs/sqs-client";
import { createApiHandler } from "../api/create-api-handler";
import { parseApiEnv } from "../api/env";
import { createJsonLogger } from "../core/logging/logger";

/** The API Lambda's edge: the environment is read and checked once, at cold start (a bad value fails fast). */
const env = parseApiEnv(process.env);

export const handler = createApiHandler({
  sqs: createSqsClient({ endpoint: env.sqsEndpoint }),
  dynamo: createDynamoDbClient({ endpoint: env.dynamoDbEndpoint }),
  queues: env.queues,
  deadLetterTable: env.deadLetterTable,
  logger: createJsonLogger({ level: env.logLevel }),
});
