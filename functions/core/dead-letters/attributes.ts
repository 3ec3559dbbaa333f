import type { SQSMessageAttributes } from "aws-lambda";
import { isReservedName } from "../../../contract/reserved";

/**
 * Message attribute that carries a message's ORIGINAL dedup id on the runtime's own dead-letter-queue send
 * (when it fits), for the recorder when the failure log has no entry. A redrive carries it in the body's
 * carrier header instead (`payloads/carrier.ts`), which needs no attribute slot.
 */
export const ORIGINAL_DEDUP_ID_ATTRIBUTE = "fifoq-dedup-id";

export interface SplitAttributes {
  /** Value as text: String and Number as given, Binary as base64. */
  readonly values: Record<string, string>;
  /** Data type of every attribute that is not plain `String`. */
  readonly types: Record<string, string>;
}

/**
 * The user's attributes of a Lambda SQS record (fifoq's reserved ones are left out), in maps without prototype
 * (`__proto__`, `constructor` and `prototype` are names like any other).
 */
export const splitAttributes = (attributes: SQSMessageAttributes | undefined): SplitAttributes => {
  const values: Record<string, string> = Object.create(null);
  const types: Record<string, string> = Object.create(null);
  for (const [name, attribute] of Object.entries(attributes ?? {})) {
    if (isReservedName(name)) continue;
    const value = attribute.stringValue ?? attribute.binaryValue;
    if (value === undefined) continue;
    values[name] = value;
    if (attribute.dataType !== "String") types[name] = attribute.dataType;
  }
  return { values, types };
};

/** The value of a String attribute, if the record has it. */
export const stringAttribute = (
  attributes: SQSMessageAttributes | undefined,
  name: string,
): string | undefined =>
  attributes && Object.hasOwn(attributes, name) ? (attributes[name]?.stringValue ?? undefined) : undefined;
