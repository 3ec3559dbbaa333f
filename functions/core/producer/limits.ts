import { WIRE_LIMITS } from "../../../contract/limits";
import { SQS_MAX_MESSAGE_BYTES } from "./message-size";

/** SQS FIFO and Lambda limits the producer enforces before calling SQS (those that cross the wire: the contract's). */
export const PRODUCER_LIMITS = {
  maxMessageBytes: WIRE_LIMITS.maxMessageBytes,
  maxBatchEntries: WIRE_LIMITS.maxBatchEntries,
  /** Entries in one SQS SendMessageBatch call. */
  sqsBatchMaxEntries: 10,
  /** Sum of the message sizes in one SQS SendMessageBatch call. */
  sqsBatchMaxBytes: SQS_MAX_MESSAGE_BYTES,
  /** SendMessageBatch calls in flight at once for one request. */
  maxConcurrentBatches: 10,
  maxAttributes: WIRE_LIMITS.maxAttributes,
  maxAttributeNameLength: WIRE_LIMITS.maxAttributeNameLength,
  maxIdLength: WIRE_LIMITS.maxIdLength,
  maxRequestBytes: WIRE_LIMITS.maxRequestBytes,
} as const;
