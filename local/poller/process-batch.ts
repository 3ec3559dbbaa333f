import { randomUUID } from "node:crypto";
import type { Message, SQSClient } from "@aws-sdk/client-sqs";
import type { SQSRecord } from "aws-lambda";
import type { Logger } from "../../functions/core/logging/logger";
import { type QueueLocation, sqsMessageToRecord } from "../../functions/runtime/internal";
import { readBatchResponse } from "./batch-response";
import { deleteRecords } from "./delete-messages";
import type { InvocationResult } from "./invoke";
import type { LocalFunction } from "./local-function";

/** What one event source mapping reads and invokes. */
export interface MappingTarget {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly source: QueueLocation;
  readonly fn: LocalFunction;
  readonly logger: Logger;
}

const errorFields = (error: unknown) => {
  const { name, message } = error instanceof Error ? error : new Error(String(error));
  return { name, message };
};

/** The records to delete after an invocation: the successes of a valid partial batch response, else none. */
export const recordsToDelete = (
  result: InvocationResult,
  records: readonly SQSRecord[],
  log: Logger,
  timeoutMs: number,
): readonly SQSRecord[] => {
  if (result.kind === "returned") {
    const verdict = readBatchResponse(result.value, new Set(records.map((record) => record.messageId)));
    if (verdict.kind === "partial") return records.filter((record) => !verdict.failed.has(record.messageId));
    log.error("invalid batch response: the whole batch returns to the queue", { reason: verdict.reason });
  } else if (result.kind === "threw") {
    log.error("function error: the whole batch returns to the queue", { error: errorFields(result.error) });
  } else if (result.kind === "timed-out") {
    log.error(`Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`, { timeoutMs });
  } else {
    log.warn("stopped before the function finished: the batch returns to the queue");
  }
  return [];
};

/**
 * One invocation: records → function (to its end or its timeout) → delete what succeeded. Like Lambda, it
 * never changes a record's visibility: a failed record returns when the visibility its function set (retry
 * backoff) or the queue's visibility timeout ends.
 */
export const processBatch = async (
  messages: readonly Message[],
  target: MappingTarget,
  abandon: AbortSignal,
): Promise<void> => {
  const usable = messages.filter((message) => message.MessageId && message.ReceiptHandle);
  const records = usable.map((message) => sqsMessageToRecord(message, target.source));
  if (records.length === 0) return;
  const requestId = randomUUID();
  const { functionName, timeoutMs } = target.fn.settings;
  const log = target.logger.child({ requestId, functionName, records: records.length });
  const result = await target.fn.invoke({ Records: records }, requestId, abandon);
  const done = recordsToDelete(result, records, log, timeoutMs);
  log.debug("invocation finished", { result: result.kind, deleted: done.length });
  if (done.length > 0) await deleteRecords(target.sqs, target.queueUrl, done, log);
};
