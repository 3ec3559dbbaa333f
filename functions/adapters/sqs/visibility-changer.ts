import type { SQSClient } from "@aws-sdk/client-sqs";
import { toError } from "../../core/consumer/errors";
import type { VisibilityChange } from "../../core/consumer/retry-backoff";
import type { VisibilityChanger, VisibilityRefusal } from "../../core/consumer/retry-visibility";
import { classifySdkError } from "../sdk-errors";

export interface SqsVisibilityChangerOptions {
  /** The client, or how to get it at the first call (see `lazySqsClient`): the happy path loads no SQS SDK. */
  readonly sqs: SQSClient | (() => Promise<SQSClient>);
  /** URL of the queue the records were received from (`<name>.fifo`). */
  readonly queueUrl: string;
}

/** SQS takes at most 10 entries per ChangeMessageVisibilityBatch. */
const SQS_BATCH_LIMIT = 10;

const OPERATION = "ChangeMessageVisibilityBatch";

const chunksOf = <T>(items: readonly T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / SQS_BATCH_LIMIT) }, (_, index) =>
    items.slice(index * SQS_BATCH_LIMIT, (index + 1) * SQS_BATCH_LIMIT),
  );

const changeChunk = async (
  { sqs, queueUrl }: SqsVisibilityChangerOptions,
  chunk: readonly VisibilityChange[],
  signal: AbortSignal,
): Promise<VisibilityRefusal[]> => {
  try {
    const { ChangeMessageVisibilityBatchCommand } = await import("@aws-sdk/client-sqs");
    const client = typeof sqs === "function" ? await sqs() : sqs;
    const command = new ChangeMessageVisibilityBatchCommand({
      QueueUrl: queueUrl,
      Entries: chunk.map((change, index) => ({
        Id: String(index),
        ReceiptHandle: change.receiptHandle,
        VisibilityTimeout: change.seconds,
      })),
    });
    const { Failed = [] } = await client.send(command, { abortSignal: signal });
    return Failed.map((failure) => ({
      messageId: chunk[Number(failure.Id)]?.messageId ?? `entry ${failure.Id}`,
      error: { name: failure.Code ?? "Unknown", message: failure.Message ?? "" },
    }));
  } catch (cause) {
    const error = {
      name: classifySdkError(cause).name,
      message: `${OPERATION}: ${toError(cause).message}`,
    };
    return chunk.map(({ messageId }) => ({ messageId, error }));
  }
};

/**
 * Sets visibility timeouts with `ChangeMessageVisibilityBatch`, 10 entries per call, calls side by side.
 * Never throws: an entry SQS refused, or every entry of a call that failed (named by `classifySdkError`, the SDK's
 * own error name: nothing here answers HTTP), comes
 * back as a refusal.
 */
export const createSqsVisibilityChanger = (options: SqsVisibilityChangerOptions): VisibilityChanger => ({
  async change(changes, signal) {
    const refusals = await Promise.all(chunksOf(changes).map((chunk) => changeChunk(options, chunk, signal)));
    return refusals.flat();
  },
});
