import type { Message, ReceiveMessageCommandOutput, SQSClient } from "@aws-sdk/client-sqs";

/** The name whose value the SDK loses (see below). */
const PROTO = "__proto__";

interface WireAttribute {
  readonly DataType?: string;
  readonly StringValue?: string;
  readonly BinaryValue?: string;
}

interface WireReceive {
  readonly Messages?: readonly { readonly MessageAttributes?: Record<string, WireAttribute> }[];
}

const readAll = async (body: unknown): Promise<Uint8Array | undefined> => {
  if (body instanceof Uint8Array) return body;
  if (typeof body !== "object" || body === null || !(Symbol.asyncIterator in body)) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
};

const parseWire = (bytes: Uint8Array): WireReceive | undefined => {
  try {
    return JSON.parse(Buffer.from(bytes).toString("utf8")) as WireReceive;
  } catch {
    return undefined;
  }
};

/** Puts back the `__proto__` attribute of each received message, from the JSON SQS sent. */
const repair = (output: ReceiveMessageCommandOutput, wire: WireReceive): void => {
  output.Messages?.forEach((message: Message, index) => {
    const sent = wire.Messages?.[index]?.MessageAttributes;
    if (!sent || !Object.hasOwn(sent, PROTO) || !message.MessageAttributes) return;
    const { DataType, StringValue, BinaryValue } = sent[PROTO] ?? {};
    const value = {
      DataType,
      ...(StringValue === undefined ? {} : { StringValue }),
      ...(BinaryValue === undefined ? {} : { BinaryValue: Buffer.from(BinaryValue, "base64") }),
    };
    Object.defineProperty(message.MessageAttributes, PROTO, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  });
};

/**
 * Makes `ReceiveMessage` on this client deliver a message attribute named `__proto__` with its value. The AWS
 * SDK's JSON deserializer (`@smithy/core` 3.41, `JsonShapeDeserializer2`) overwrites the value of a map key
 * `__proto__` with `undefined` before reading it; the local event source mapping would then hand the function
 * an attribute without a value (and used to crash on it). Lambda's own event source mapping is not the SDK, so
 * in the cloud nothing is lost; this keeps the local stack the same. One middleware keeps the raw JSON body
 * (inside the deserializer), one puts the value back into the output (outside it).
 */
/** A deserialize-step middleware of this client (the last overload of `add`). */
type Middleware = Parameters<SQSClient["middlewareStack"]["add"]>[0];

export const keepPrototypeNamedAttributes = (client: SQSClient): SQSClient => {
  const wireBodies = new WeakMap<object, WireReceive>();
  const keepBody: Middleware = (next, context) => async (args) => {
    const result = await next(args);
    if (context.commandName !== "ReceiveMessageCommand") return result;
    const response = result.response as { body?: unknown };
    const bytes = await readAll(response.body);
    if (!bytes) return result;
    response.body = bytes;
    const wire = parseWire(bytes);
    if (wire) wireBodies.set(context, wire);
    return result;
  };
  client.middlewareStack.addRelativeTo(keepBody, {
    relation: "after",
    toMiddleware: "deserializerMiddleware",
    name: "fifoqKeepReceiveBody",
  });
  const putBack: Middleware = (next, context) => async (args) => {
    const result = await next(args);
    const wire = wireBodies.get(context);
    if (wire) repair(result.output as ReceiveMessageCommandOutput, wire);
    return result;
  };
  client.middlewareStack.add(putBack, {
    step: "deserialize",
    priority: "high",
    name: "fifoqRepairPrototypeNamedAttributes",
  });
  return client;
};
