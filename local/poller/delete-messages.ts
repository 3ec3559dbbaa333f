import { DeleteMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { SQSRecord } from "aws-lambda";
import type { Logger } from "../../functions/core/logging/logger";

const SQS_BATCH_LIMIT = 10;

/**
 * Deletes the records that succeeded (DeleteMessageBatch, 10 at a time). A record that cannot be deleted is
 * only logged: like Lambda, the mapping lets it reappear after the visibility timeout.
 */
export const deleteRecords = async (
  sqs: SQSClient,
  queueUrl: string,
  records: readonly SQSRecord[],
  logger: Logger,
): Promise<void> => {
  for (let start = 0; start < records.length; start += SQS_BATCH_LIMIT) {
    const chunk = records.slice(start, start + SQS_BATCH_LIMIT);
    const entries = chunk.map((record, index) => ({
      Id: String(index),
      ReceiptHandle: record.receiptHandle,
    }));
    try {
      const { Failed } = await sqs.send(
        new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }),
      );
      for (const failure of Failed ?? []) {
        const record = chunk[Number(failure.Id)];
        logger.warn("could not delete a processed message", {
          messageId: record?.messageId,
          error: { name: failure.Code, message: failure.Message },
        });
      }
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      logger.warn("could not delete processed messages", { count: chunk.length, error: { name, message } });
    }
  }
};
