/** The SQS data type fifoq gives every attribute; its bytes count towards the message size. */
export const ATTRIBUTE_DATA_TYPE = "String";

/** The largest message SQS takes (body + attribute names, data types and values), in bytes. */
export const SQS_MAX_MESSAGE_BYTES = 1_048_576;

/** UTF-8 bytes of a text: the one way fifoq measures sizes. */
export const bytes = (text: string): number => Buffer.byteLength(text, "utf8");

/** Message size as SQS counts it: body + for each attribute its name, data type and value (UTF-8 bytes). */
export const messageSize = (body: string, attributes: Readonly<Record<string, string>>): number => {
  let size = bytes(body);
  for (const [name, value] of Object.entries(attributes)) {
    size += bytes(name) + bytes(ATTRIBUTE_DATA_TYPE) + bytes(value);
  }
  return size;
};

/** A message attribute as SQS delivers it: a text value, or a binary one in base64. */
export interface TypedAttribute {
  readonly dataType: string;
  readonly stringValue?: string | undefined;
  readonly binaryValue?: string | undefined;
}

/** The same count for attributes of any data type (a binary value counts its decoded bytes). */
export const typedMessageSize = (
  body: string,
  attributes: Readonly<Record<string, TypedAttribute>>,
): number => {
  let size = bytes(body);
  for (const [name, attribute] of Object.entries(attributes)) {
    const value =
      attribute.binaryValue !== undefined
        ? Buffer.byteLength(attribute.binaryValue, "base64")
        : bytes(attribute.stringValue ?? "");
    size += bytes(name) + bytes(attribute.dataType) + value;
  }
  return size;
};
