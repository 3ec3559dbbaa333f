import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { SCHEDULED_TABLE } from "../../functions/core/tables";
import { createIfMissing, keyedTable } from "../provision/dynamodb";

/** The local delay queue: a standard queue, as in the cloud stack. */
export const LOCAL_DELAY_QUEUE = "fifoq-delay";

/** Where the local Scheduler puts ticks that gave up (the cloud stack's tick dead-letter queue). */
export const LOCAL_TICK_DEAD_LETTER_QUEUE = "fifoq-tick-dlq";

/** How long a release may run before the delay-queue message comes back (as the cloud stack sets it). */
export const DELAY_QUEUE_VISIBILITY_SECONDS = 60;

/** Creates the scheduled-message table (keys and the `byGroupDue` index the CDK stack defines), if missing. */
export const provisionScheduledTable = async (dynamo: DynamoDBClient, table: string): Promise<void> =>
  createIfMissing(dynamo, keyedTable(table, SCHEDULED_TABLE, SCHEDULED_TABLE.byGroupDueIndex));

/** Creates a standard queue of the time feature (the delay queue, the tick dead-letter queue); its URL and ARN. */
export const provisionDelayQueue = async (sqs: SQSClient, name = LOCAL_DELAY_QUEUE) => {
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: String(DELAY_QUEUE_VISIBILITY_SECONDS),
        MessageRetentionPeriod: "1209600",
      },
    }),
  );
  if (!QueueUrl) throw new Error(`CreateQueue ${name} returned no URL`);
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }),
  );
  return { url: QueueUrl, arn: Attributes?.QueueArn ?? "" };
};
