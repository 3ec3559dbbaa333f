import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { classifySdkError } from "../../functions/adapters/sdk-errors";
import type { ResolvedQueueConfig } from "../../functions/core/config";
import { DEAD_LETTER_VISIBILITY_TIMEOUT_SECONDS } from "../../functions/core/dead-letters/recorder-settings";
import { QueueAttributesConflictError } from "../errors";

export interface ProvisionedQueue {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  readonly dlqUrl: string;
  readonly dlqArn: string;
}

const fifoAttributes = (queue: ResolvedQueueConfig): Record<string, string> => ({
  FifoQueue: "true",
  ContentBasedDeduplication: String(queue.contentBasedDeduplication),
  ...(queue.highThroughput
    ? { DeduplicationScope: "messageGroup", FifoThroughputLimit: "perMessageGroupId" }
    : {}),
});

/** SQS's answer to CreateQueue for a name that exists with other attributes. */
const QUEUE_EXISTS = new Set(["QueueNameExists", "QueueAlreadyExists"]);

const send = async (sqs: SQSClient, name: string, attributes: Record<string, string>) => {
  try {
    return await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  } catch (cause) {
    const fault = classifySdkError(cause);
    if (QUEUE_EXISTS.has(fault.name)) throw new QueueAttributesConflictError(name, fault.message, { cause });
    throw cause;
  }
};

const createQueue = async (sqs: SQSClient, name: string, attributes: Record<string, string>) => {
  const { QueueUrl } = await send(sqs, name, attributes);
  if (!QueueUrl) throw new Error(`CreateQueue ${name} returned no URL`);
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }),
  );
  return { url: QueueUrl, arn: Attributes?.QueueArn ?? "" };
};

/** Creates a queue and its FIFO dead-letter queue with the same settings the CDK stack gives them. */
export const provisionQueue = async (
  sqs: SQSClient,
  queue: ResolvedQueueConfig,
): Promise<ProvisionedQueue> => {
  const dlq = await createQueue(sqs, queue.dlqFifoName, {
    ...fifoAttributes(queue),
    MessageRetentionPeriod: "1209600",
    VisibilityTimeout: String(DEAD_LETTER_VISIBILITY_TIMEOUT_SECONDS),
  });
  const main = await createQueue(sqs, queue.fifoName, {
    ...fifoAttributes(queue),
    VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
    MessageRetentionPeriod: String(queue.retentionSeconds),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: queue.maxReceiveCount }),
  });
  return { name: queue.name, url: main.url, arn: main.arn, dlqUrl: dlq.url, dlqArn: dlq.arn };
};
