import { MAX_SCHEDULED_BYTES, releaseTimeOf } from "../scheduled/release-time";
import { resolveDedupId } from "./dedup";
import {
  checkAttributes,
  checkDedupId,
  checkId,
  checkSqsCharacters,
  type FieldIssue,
  isPlainObject,
} from "./fields";
import { PRODUCER_LIMITS } from "./limits";
import { messageSize } from "./message-size";
import type { OutgoingMessage, QueueTarget } from "./types";

const ENVELOPE_FIELDS = ["body", "groupId", "dedupId", "attributes", "delaySeconds", "notBefore"] as const;

export interface EnvelopeContext {
  readonly queue: QueueTarget;
  /** The `Idempotency-Key` header; undefined for batch entries. */
  readonly idempotencyKey?: string | undefined;
  readonly headerAllowed: boolean;
  /** The request's time (epoch ms), for `delaySeconds`/`notBefore`. @default Date.now() */
  readonly now?: number;
  /** The largest message taken (body + attributes, bytes). @default PRODUCER_LIMITS.maxMessageBytes */
  readonly maxBytes?: number;
}

export type EnvelopeResult =
  | {
      readonly ok: true;
      readonly message: OutgoingMessage;
      /** When to release it (epoch ms); undefined for an immediate publish. */
      readonly releaseAt: number | undefined;
    }
  | { readonly ok: false; readonly issues: readonly FieldIssue[]; readonly tooLarge: boolean };

const invalid = (issues: readonly FieldIssue[], tooLarge = false): EnvelopeResult => ({
  ok: false,
  issues,
  tooLarge,
});

const unknownFields = (raw: Record<string, unknown>): FieldIssue[] =>
  Object.keys(raw)
    .filter((key) => !(ENVELOPE_FIELDS as readonly string[]).includes(key))
    .map((key) => ({ field: key, message: `is not a known field; allowed: ${ENVELOPE_FIELDS.join(", ")}` }));

const bodyIssues = (raw: Record<string, unknown>, serialized: string | undefined): FieldIssue[] => {
  if (!("body" in raw) || serialized === undefined) {
    return [{ field: "body", message: "is required (any JSON value, e.g. an object)" }];
  }
  const problem = checkSqsCharacters(serialized);
  return problem ? [{ field: "body", message: problem }] : [];
};

const idIssues = (raw: Record<string, unknown>, context: EnvelopeContext): FieldIssue[] => {
  const issues: FieldIssue[] = [];
  const group = "groupId" in raw ? checkId(raw.groupId) : "is required";
  if (group) issues.push({ field: "groupId", message: group });
  const dedup = "dedupId" in raw ? checkDedupId(raw.dedupId) : undefined;
  if (dedup) issues.push({ field: "dedupId", message: dedup });
  const key = context.idempotencyKey === undefined ? undefined : checkDedupId(context.idempotencyKey);
  if (key) issues.push({ field: "Idempotency-Key", message: `header ${key}` });
  return issues;
};

/** One line for an error message: the first issue, and how many more the details hold. */
export const summarizeIssues = (issues: readonly FieldIssue[]): string => {
  const [first] = issues;
  if (!first) return "the message is invalid";
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more; see details)` : "";
  return `${first.field} ${first.message}${more}`;
};

/** The string entries of an already checked `attributes` object (none when absent), without prototype. */
const stringValues = (value: unknown): Record<string, string> => {
  const attributes: Record<string, string> = Object.create(null);
  if (!isPlainObject(value)) return attributes;
  for (const [name, attribute] of Object.entries(value))
    if (typeof attribute === "string") attributes[name] = attribute;
  return attributes;
};

/**
 * Validates one message envelope `{ body, groupId, dedupId?, attributes? }` and turns it into the message
 * SQS will receive. Every problem is reported, each with its field; a message above `maxBytes` is flagged
 * `tooLarge` (413 for a single publish, a per-entry error in a batch).
 */
export const validateEnvelope = (raw: unknown, context: EnvelopeContext): EnvelopeResult => {
  if (!isPlainObject(raw)) {
    return invalid([
      { field: "(message)", message: "must be a JSON object { body, groupId, dedupId?, attributes? }" },
    ]);
  }
  const serialized = "body" in raw ? JSON.stringify(raw.body) : undefined;
  const issues = [
    ...unknownFields(raw),
    ...bodyIssues(raw, serialized),
    ...idIssues(raw, context),
    ...("attributes" in raw ? checkAttributes(raw.attributes) : []),
  ];
  const timing = releaseTimeOf(raw, context.now ?? Date.now());
  if (!timing.ok) issues.push(...timing.issues);
  if (issues.length > 0 || serialized === undefined) return invalid(issues);
  const attributes = stringValues(raw.attributes);
  const sizeBytes = messageSize(serialized, attributes);
  if (timing.ok && timing.releaseAt !== undefined && sizeBytes > MAX_SCHEDULED_BYTES) {
    const message = `a delayed message is at most ${MAX_SCHEDULED_BYTES} bytes (body + attributes); this one is ${sizeBytes}`;
    return invalid([{ field: "body", message }], true);
  }
  const maxBytes = context.maxBytes ?? PRODUCER_LIMITS.maxMessageBytes;
  if (sizeBytes > maxBytes) {
    const message = `the message is ${sizeBytes} bytes (body + attributes); at most ${maxBytes} are allowed`;
    return invalid([{ field: "body", message }], true);
  }
  const sources = {
    dedupId: typeof raw.dedupId === "string" ? raw.dedupId : undefined,
    idempotencyKey: context.idempotencyKey,
    headerAllowed: context.headerAllowed,
  };
  const dedup = resolveDedupId(sources, context.queue, serialized);
  if ("issue" in dedup) return invalid([dedup.issue]);
  const groupId = String(raw.groupId);
  const message = { body: serialized, groupId, dedupId: dedup.dedupId, attributes, sizeBytes };
  return { ok: true, message, releaseAt: timing.ok ? timing.releaseAt : undefined };
};
