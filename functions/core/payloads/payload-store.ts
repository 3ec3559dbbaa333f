import { FifoqError, named } from "../errors";

/**
 * Where fifoq keeps what does not fit where it belongs: a message body over SQS's 1 MiB (claim check) and a
 * dead letter over DynamoDB's 400 KB item. Objects are written once under a key fifoq chose and read whole.
 * Adapters throw `PayloadStoreUnavailableError` when a retry can fix it, `PayloadNotFoundError` for a missing
 * object, any other `PayloadStoreError` otherwise.
 */
export interface PayloadStore extends PayloadReader {
  put(key: string, body: string): Promise<void>;
}

/** The read side of the store: all a consumer needs (it only checks bodies out). */
export interface PayloadReader {
  get(key: string): Promise<string>;
}

/** The keys, by what they hold; each prefix has its own expiry (lifecycle rule) in the bucket. */
export const PAYLOAD_PREFIXES = {
  /** A message body over 1 MiB: lives while the message can be in its queue or its dead-letter queue. */
  messages: "messages/",
  /** A dead-letter record over DynamoDB's item limit: lives as long as the record. */
  deadLetters: "dead-letters/",
} as const;

export const messagePayloadKey = (queue: string, id: string): string =>
  `${PAYLOAD_PREFIXES.messages}${queue}/${id}`;

export const deadLetterPayloadKey = (queue: string, id: string): string =>
  `${PAYLOAD_PREFIXES.deadLetters}${queue}/${id}`;

/** Base class of the payload store's errors. */
export class PayloadStoreError extends named("PayloadStoreError", FifoqError) {}

/** The store could not be reached, throttled or failed: a retry can fix it. */
export class PayloadStoreUnavailableError extends named("PayloadStoreUnavailableError", PayloadStoreError) {}

/** No object under the key (expired, or never written). */
export class PayloadNotFoundError extends named("PayloadNotFoundError", PayloadStoreError) {}
