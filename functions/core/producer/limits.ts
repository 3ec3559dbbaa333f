/** SQS FIFO and Lambda limits the producer enforces before calling SQS. */
export const PRODUCER_LIMITS = {
  /** One message: body + attribute names, types and values, in UTF-8 bytes (SQS maximum, 1 MiB). */
  maxMessageBytes: 1_048_576,
  /** Entries in one `POST /messages/batch` request. */
  maxBatchEntries: 100,
  /** Entries in one SQS SendMessageBatch call. */
  sqsBatchMaxEntries: 10,
  /** Sum of the message sizes in one SQS SendMessageBatch call. */
  sqsBatchMaxBytes: 1_048_576,
  /** SendMessageBatch calls in flight at once for one request. */
  maxConcurrentBatches: 10,
  maxAttributes: 10,
  maxAttributeNameLength: 256,
  /** `groupId` and `dedupId` length. */
  maxIdLength: 128,
  /** A synchronous Lambda invocation's payload limit (6 MB); a larger request body is refused with 413. */
  maxRequestBytes: 6_291_456,
} as const;

/** The SQS data type fifoq gives every attribute; its bytes count towards the message size. */
export const ATTRIBUTE_DATA_TYPE = "String";
