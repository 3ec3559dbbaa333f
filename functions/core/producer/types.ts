/**
 * Ports of the producer. The core validates and plans; an adapter (functions/adapters/sqs) talks to SQS and
 * turns SDK errors into domain errors (`UpstreamUnavailableError` when SQS cannot be reached or is throttling).
 */

/** A configured queue as the producer sees it. */
export interface QueueTarget {
  readonly name: string;
  readonly url: string;
  readonly dlqUrl: string;
  readonly contentBasedDeduplication: boolean;
}

/** A validated message, ready for SQS. */
export interface OutgoingMessage {
  /** The exact SQS MessageBody: `JSON.stringify(body)`. */
  readonly body: string;
  readonly groupId: string;
  readonly dedupId: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Size as SQS counts it: body + each attribute's name, data type and value, in UTF-8 bytes. */
  readonly sizeBytes: number;
}

export interface SentMessage {
  readonly messageId: string;
  readonly sequenceNumber: string;
}

export interface BatchEntry {
  /** Unique within the call; fifoq uses the request index. */
  readonly id: string;
  readonly message: OutgoingMessage;
}

export interface BatchEntryFailure {
  readonly id: string;
  /** SQS's code, e.g. `InvalidMessageContents`. */
  readonly code: string;
  readonly message: string;
  /** True when the message itself is at fault (retrying it unchanged cannot succeed). */
  readonly senderFault: boolean;
}

export interface BatchSendOutcome {
  readonly successful: readonly (SentMessage & { readonly id: string })[];
  readonly failed: readonly BatchEntryFailure[];
}

export interface MessageSender {
  send(queueUrl: string, message: OutgoingMessage): Promise<SentMessage>;
  /** At most 10 entries and 1 MiB; throws for a failure of the whole call. */
  sendBatch(queueUrl: string, entries: readonly BatchEntry[]): Promise<BatchSendOutcome>;
}

export interface QueueDepth {
  /** ApproximateNumberOfMessages. */
  readonly visible: number;
  /** ApproximateNumberOfMessagesNotVisible. */
  readonly inFlight: number;
}

export interface QueueStatsReader {
  depth(queueUrl: string): Promise<QueueDepth>;
}

/** How many dead letters a queue has. The default reads its DLQ's depth; the dead-letter table may replace it. */
export type DeadLetterCounter = (queue: QueueTarget) => Promise<number>;
