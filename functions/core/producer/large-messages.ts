import { randomUUID } from "node:crypto";
import { UpstreamUnavailableError } from "../http/errors";
import { checkIn } from "../payloads/claim-check";
import {
  messagePayloadKey,
  type PayloadStore,
  PayloadStoreUnavailableError,
} from "../payloads/payload-store";
import { PRODUCER_LIMITS } from "./limits";
import {
  ATTRIBUTE_DATA_TYPE,
  SQS_MAX_MESSAGE_BYTES,
  type TypedAttribute,
  typedMessageSize,
} from "./message-size";
import type { OutgoingMessage } from "./types";

/** Where a publish keeps bodies over SQS's 1 MiB; without it a message is at most 1 MiB. */
export interface LargeMessageDeps {
  readonly payloads?: PayloadStore | undefined;
  /** A new object id per stored body. @default randomUUID */
  readonly newPayloadId?: () => string;
}

/** The largest message a publish takes: the API's limit with a payload store, SQS's 1 MiB without one. */
export const maxMessageBytes = (deps: LargeMessageDeps): number =>
  deps.payloads ? PRODUCER_LIMITS.maxMessageBytes : SQS_MAX_MESSAGE_BYTES;

const typed = (attributes: Readonly<Record<string, string>>): Record<string, TypedAttribute> =>
  Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [
      name,
      { dataType: ATTRIBUTE_DATA_TYPE, stringValue: value },
    ]),
  );

/**
 * The message SQS receives: the message itself when it fits SQS's 1 MiB; else its body is checked in to the
 * payload store under `messages/<queue>/<new id>` and the carrier naming it is sent instead (dedup id, group
 * and attributes unchanged; the consumer and the recorder check the body out whole). A fresh key per publish:
 * a repeated dedup id never overwrites the body of a message already queued. A store that cannot be reached
 * is a 503 (nothing was enqueued).
 */
export const fitForSqs = async (
  queue: string,
  message: OutgoingMessage,
  deps: LargeMessageDeps,
): Promise<OutgoingMessage> => {
  const attributes = typed(message.attributes);
  if (!deps.payloads || typedMessageSize(message.body, attributes) <= SQS_MAX_MESSAGE_BYTES) return message;
  const payloadKey = messagePayloadKey(queue, (deps.newPayloadId ?? randomUUID)());
  try {
    const body = await checkIn({ body: message.body, attributes, payloadKey }, deps.payloads);
    return { ...message, body, sizeBytes: typedMessageSize(body, attributes) };
  } catch (error) {
    if (!(error instanceof PayloadStoreUnavailableError)) throw error;
    throw new UpstreamUnavailableError(`the payload store is unavailable: ${error.message}`, {
      cause: error,
    });
  }
};
