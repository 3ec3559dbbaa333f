import { GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { QueueDepth, QueueStatsReader } from "../../core/producer/types";
import { sqsCallError } from "./sqs-call-error";

const count = (value: string | undefined): number => {
  const parsed = Number(value ?? 0);
  return Number.isFinite(parsed) ? parsed : 0;
};

/** Approximate depth and in-flight count of a queue, from GetQueueAttributes. */
export const createSqsQueueStats = (sqs: SQSClient): QueueStatsReader => ({
  async depth(queueUrl): Promise<QueueDepth> {
    try {
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl,
          AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        }),
      );
      return {
        visible: count(Attributes?.ApproximateNumberOfMessages),
        inFlight: count(Attributes?.ApproximateNumberOfMessagesNotVisible),
      };
    } catch (error) {
      throw sqsCallError(error, "GetQueueAttributes");
    }
  },
});
