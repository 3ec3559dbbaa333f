import { ATTRIBUTE_DATA_TYPE } from "./limits";

const bytes = (text: string): number => Buffer.byteLength(text, "utf8");

/** Message size as SQS counts it: body + for each attribute its name, data type and value (UTF-8 bytes). */
export const messageSize = (body: string, attributes: Readonly<Record<string, string>>): number => {
  let size = bytes(body);
  for (const [name, value] of Object.entries(attributes)) {
    size += bytes(name) + bytes(ATTRIBUTE_DATA_TYPE) + bytes(value);
  }
  return size;
};
