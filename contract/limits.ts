/**
 * Limits that cross the wire: the API refuses a request over them, and the client splits its work to stay
 * under them. Both sides read them from here.
 */
/** String attributes of one message (SQS's own limit, so the consumer's dead-letter send reads it too). */
export const MAX_MESSAGE_ATTRIBUTES = 10;

export const WIRE_LIMITS = {
  /** Entries in one `POST /queues/{queue}/messages/batch` request (`BATCH_TOO_LARGE` above). */
  maxBatchEntries: 100,
  /**
   * One message: body + attribute names, types and values, in UTF-8 bytes: 5 MiB, the 6 MiB request
   * (Lambda's payload limit) less 1 MiB for the envelope (JSON escaping, the event around the body). Over
   * SQS's 1 MiB the body is kept in S3 and the queue carries a reference (one PUT, one GET per delivery).
   */
  maxMessageBytes: 5_242_880,
  /** A request body (a synchronous Lambda invocation's 6 MB payload limit); larger is `413 PAYLOAD_TOO_LARGE`. */
  maxRequestBytes: 6_291_456,
  /** String attributes of one message. */
  maxAttributes: MAX_MESSAGE_ATTRIBUTES,
  maxAttributeNameLength: 256,
  /** Characters of a `groupId` or a `dedupId`. */
  maxIdLength: 128,
  /** `details` an error body lists; `moreDetails` counts the rest. */
  maxErrorDetails: 20,
  /** Characters of a dead letter's id in a path (longer matches no route). */
  maxDeadLetterIdLength: 128,
  /** `limit` of `GET /queues/{queue}/dead-letters`: 1–100, 20 when absent. */
  maxDeadLetterPage: 100,
  defaultDeadLetterPage: 20,
} as const;
