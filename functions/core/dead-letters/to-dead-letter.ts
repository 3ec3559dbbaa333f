import type { SQSRecord } from "aws-lambda";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "../json-depth";
import { unwrapBody } from "../payloads/carrier";
import { bytes } from "../producer/message-size";
import { ORIGINAL_DEDUP_ID_ATTRIBUTE, splitAttributes, stringAttribute } from "./attributes";
import type { FailureRecord } from "./failure-log";
import type { DeadLetter, DeadLetterRecord } from "./types";

/**
 * A DynamoDB item holds at most 400 KB; SQS messages reach 1 MiB. Body and attributes beyond this budget are
 * cut, and such a dead letter can be read but not redriven.
 */
export const MAX_STORED_MESSAGE_BYTES = 350_000;

const iso = (epochMs: number): string => new Date(epochMs).toISOString();

const epochMsOf = (raw: string | undefined): number | undefined => {
  const value = Number(raw);
  return raw !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
};

const positiveInteger = (raw: string | undefined): number | undefined => {
  const value = Number(raw);
  return Number.isInteger(value) && value > 0 ? value : undefined;
};

/**
 * Parsed JSON when the text is JSON nested at most `MAX_JSON_DEPTH` levels, the text itself otherwise (a body
 * from SQS can be anything: one nested deeper could not be written back as JSON by the API).
 */
export const parseBody = (rawBody: string, truncated: boolean): unknown => {
  if (truncated) return rawBody;
  try {
    const parsed: unknown = JSON.parse(rawBody);
    return nestsDeeperThan(parsed, MAX_JSON_DEPTH) ? rawBody : parsed;
  } catch {
    return rawBody;
  }
};

/** A UTF-8 continuation byte (`10xxxxxx`): never the first byte of a character. */
const isContinuationByte = (byte: number | undefined): boolean =>
  byte !== undefined && (byte & 0xc0) === 0x80;

/**
 * Cuts `text` to at most `budget` UTF-8 bytes without leaving half a character: when the first byte left out
 * continues a character, the cut steps back to that character's first byte (at most 3 steps). Done on bytes,
 * in linear time; a replacement character the text really holds is kept.
 */
const cutToBytes = (text: string, budget: number): string => {
  const bytes = Buffer.from(text, "utf8");
  let end = Math.max(0, Math.min(budget, bytes.length));
  while (end > 0 && isContinuationByte(bytes[end])) end -= 1;
  return bytes.subarray(0, end).toString("utf8");
};

const fitBody = (rawBody: string, attributes: Record<string, string>) => {
  const attributeBytes = Object.entries(attributes).reduce((sum, [k, v]) => sum + bytes(k) + bytes(v), 0);
  const budget = MAX_STORED_MESSAGE_BYTES - attributeBytes;
  if (bytes(rawBody) <= budget) return { rawBody, bodyTruncated: false };
  return { rawBody: cutToBytes(rawBody, budget), bodyTruncated: true };
};

/**
 * Builds the dead letter of one record of a dead-letter queue. `failure` is the consumer's failure log entry
 * for the original message, when there is one. Identity and dedup id, in order of trust:
 * - `id`: the failure entry's message id (a runtime-sent dead letter has a new SQS id), else the record's id
 *   (SQS keeps the id when it moves a message after `maxReceiveCount`);
 * - `dedupId`: the failure entry's (SQS replaces the dedup id of a moved message), else the carrier header of
 *   a body fifoq wrapped (a redriven message), else the `fifoq-dedup-id` attribute (the runtime's own DLQ
 *   send), else the record's `MessageDeduplicationId`.
 * The body is the user's: a carrier header is never part of it.
 */
export const toDeadLetter = (
  record: SQSRecord,
  failure: FailureRecord | undefined,
  queue: string,
  now: number,
  redriveToken: string,
): DeadLetterRecord => {
  const id = failure?.messageId ?? record.messageId;
  const { values, types } = splitAttributes(record.messageAttributes);
  const carried = unwrapBody(record.body);
  const { rawBody, bodyTruncated } = fitBody(carried?.body ?? record.body, values);
  const sentMs = epochMsOf(record.attributes.SentTimestamp);
  return {
    id,
    queue,
    messageId: id,
    groupId: failure?.groupId ?? record.attributes.MessageGroupId ?? "",
    dedupId:
      failure?.dedupId ??
      carried?.header.dedupId ??
      stringAttribute(record.messageAttributes, ORIGINAL_DEDUP_ID_ATTRIBUTE) ??
      record.attributes.MessageDeduplicationId ??
      id,
    body: parseBody(rawBody, bodyTruncated),
    rawBody,
    bodyTruncated,
    attributes: values,
    attributeTypes: types,
    receiveCount: failure?.attempt ?? positiveInteger(record.attributes.ApproximateReceiveCount) ?? 1,
    firstSentAt: failure?.sentAt ?? iso(sentMs ?? now),
    deadLetteredAt: iso(now),
    lastError: failure ? { name: failure.error.name, message: failure.error.message, at: failure.at } : null,
    status: "new",
    redriveToken,
  };
};

/** The public view: what the API returns (no raw body, data types or token; `bodyTruncated` only when it is). */
export const toPublicDeadLetter = (
  record: DeadLetterRecord,
): DeadLetter & { readonly bodyTruncated?: true } => {
  const { rawBody: _raw, bodyTruncated, attributeTypes: _types, redriveToken: _token, ...view } = record;
  return bodyTruncated ? { ...view, bodyTruncated } : view;
};
