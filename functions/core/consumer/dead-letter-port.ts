import type { TypedAttribute } from "../producer/message-size";

/** A message attribute as SQS delivered it (`binaryValue` is base64, as in a Lambda SQS event). */
export type RawMessageAttribute = TypedAttribute;

/** A message that failed permanently (PermanentError or parse failure), on its way to the dead-letter queue. */
export interface OutboundDeadLetter {
  readonly queue: string;
  readonly messageId: string;
  readonly groupId: string;
  readonly dedupId: string;
  /** The SQS body exactly as received. */
  readonly body: string;
  readonly messageAttributes: Readonly<Record<string, RawMessageAttribute>>;
  readonly receiveCount: number;
  readonly sentAt: Date;
  /** Why it was dead-lettered (adapters may record it; the SQS adapter forwards body and attributes only). */
  readonly error: Error;
}

/** The runtime's seam to the dead-letter queue. Throws `DeadLetterSendError` when the letter was not sent. */
export interface DeadLetterSender {
  send(letter: OutboundDeadLetter): Promise<void>;
}
