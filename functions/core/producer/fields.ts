import { isReservedName, RESERVED_PREFIX } from "../../../contract/reserved";
import { PRODUCER_LIMITS } from "./limits";

/** One problem with one field of a message envelope. */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

/** SQS's allowed set for MessageGroupId and MessageDeduplicationId: alphanumerics and ASCII punctuation. */
const ID_PATTERN = /^[A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]+$/;
const ID_CHARACTERS = "letters, digits and punctuation !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

/** Characters SQS accepts in a message body or string attribute value (XML 1.0 characters). */
const INVALID_SQS_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

const ATTRIBUTE_NAME_PATTERN = /^[A-Za-z0-9_.-]+$/;

/** Checks a `groupId`/`dedupId`-like value; returns what is wrong, or undefined when it is valid. */
export const checkId = (value: unknown): string | undefined => {
  if (typeof value !== "string" || value.length < 1 || value.length > PRODUCER_LIMITS.maxIdLength) {
    return `must be a string of 1 to ${PRODUCER_LIMITS.maxIdLength} characters`;
  }
  if (!ID_PATTERN.test(value)) return `may only contain ${ID_CHARACTERS}`;
  return undefined;
};

const RESERVED = `must not start with "${RESERVED_PREFIX}" in any case (reserved for fifoq)`;

/**
 * Checks a `dedupId` or `Idempotency-Key`: an id, and not one of fifoq's own (`fifoq-…`, any case): a redrive's
 * deduplication id is fifoq's, so that no producer can make SQS drop a redrive as a duplicate of its message.
 */
export const checkDedupId = (value: unknown): string | undefined =>
  checkId(value) ?? (isReservedName(String(value)) ? RESERVED : undefined);

/** Describes the first character SQS would refuse, or undefined. */
export const checkSqsCharacters = (text: string): string | undefined => {
  const match = INVALID_SQS_CHARACTER.exec(text);
  if (!match) return undefined;
  const code = match[0].codePointAt(0) ?? 0;
  return `contains U+${code.toString(16).toUpperCase().padStart(4, "0")}, which SQS does not accept`;
};

const checkAttributeName = (name: string): string | undefined => {
  if (name.length > PRODUCER_LIMITS.maxAttributeNameLength || !ATTRIBUTE_NAME_PATTERN.test(name)) {
    return `name must be 1 to ${PRODUCER_LIMITS.maxAttributeNameLength} characters of A-Z a-z 0-9 _ - .`;
  }
  if (/^(aws\.|amazon\.)/i.test(name)) return 'name must not start with "AWS." or "Amazon."';
  // fifoq-* attributes carry fifoq's own metadata (e.g. fifoq-dedup-id on a redriven message, which the
  // consumer trusts as the idempotency key): a producer must not be able to set them.
  if (isReservedName(name)) return `name ${RESERVED}`;
  if (name.startsWith(".") || name.endsWith(".") || name.includes("..")) {
    return "name must not start or end with a period or contain two periods in a row";
  }
  return undefined;
};

const checkAttributeValue = (value: unknown): string | undefined => {
  if (typeof value !== "string" || value === "") return "value must be a non-empty string";
  return checkSqsCharacters(value);
};

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Checks `attributes`: an object of at most 10 string values with names SQS accepts. */
export const checkAttributes = (value: unknown): FieldIssue[] => {
  if (!isPlainObject(value)) return [{ field: "attributes", message: "must be an object of string values" }];
  const entries = Object.entries(value);
  if (entries.length > PRODUCER_LIMITS.maxAttributes) {
    return [
      {
        field: "attributes",
        message: `has ${entries.length} entries; at most ${PRODUCER_LIMITS.maxAttributes} are allowed`,
      },
    ];
  }
  const issues: FieldIssue[] = [];
  for (const [name, attribute] of entries) {
    const problem = checkAttributeName(name) ?? checkAttributeValue(attribute);
    if (problem) issues.push({ field: `attributes.${name}`, message: problem });
  }
  return issues;
};
