import { SQS_MAX_MESSAGE_BYTES, type TypedAttribute, typedMessageSize } from "../producer/message-size";
import { type CarrierHeader, unwrapBody, wrapBody } from "./carrier";
import { type PayloadReader, type PayloadStore, PayloadStoreError } from "./payload-store";

export interface OutgoingBody {
  /** The user's body, whole. */
  readonly body: string;
  /** What fifoq must say besides it (e.g. the original dedup id); nothing: the body is sent as it is. */
  readonly header?: CarrierHeader | undefined;
  readonly attributes: Readonly<Record<string, TypedAttribute>>;
  /** The payload store key to use if the body must go there. */
  readonly payloadKey: string;
}

/**
 * The SQS body for a message (claim check): the body itself when fifoq adds nothing; the carrier (header +
 * body) when that fits SQS's 1 MiB counted in bytes with the attributes; else the body goes to the payload
 * store and the queue carries only the header naming it. One put per large message.
 */
export const checkIn = async (message: OutgoingBody, store: PayloadStore | undefined): Promise<string> => {
  const inline = message.header ? wrapBody(message.header, message.body) : message.body;
  if (typedMessageSize(inline, message.attributes) <= SQS_MAX_MESSAGE_BYTES || !store) return inline;
  await store.put(message.payloadKey, message.body);
  return wrapBody({ ...message.header, payload: message.payloadKey }, "");
};

/** The user's body of an SQS body: inline, inside a carrier, or fetched from the payload store (one get). */
export const checkOut = async (raw: string, store: PayloadReader | undefined): Promise<string> => {
  const carried = unwrapBody(raw);
  if (!carried) return raw;
  if (carried.header.payload === undefined) return carried.body;
  if (!store)
    throw new PayloadStoreError(`body is in the payload store (${carried.header.payload}), none given`);
  return store.get(carried.header.payload);
};
