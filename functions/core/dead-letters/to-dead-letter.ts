import type { SQSRecord } from "aws-lambda";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "../../../contract/json-depth";
import { unwrapBody } from "../payloads/carrier";
import { ORIGINAL_DEDUP_ID_ATTRIBUTE, splitAttributes, stringAttribute } from "./attributes";
import type { FailureRecord } from "./failure-log";
import type { DeadLetter, DeadLetterRecord } from "./types";

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

/**
 * Builds the dead letter of one record of a dead-letter queue. `failure` is the consumer's failure log entry
 * for the original message, when there is one. Identity and dedup id, in order of trust:
 * - `id`: the failure entry's message id (a runtime-sent dead letter has a new SQS id), else the record's id
 *   (SQS keeps the id when it moves a message after `maxReceiveCount`);
 * - `dedupId`: the failure entry's (SQS replaces the dedup id of a moved message), else the carrier header of
 *   a body fifoq wrapped (a redriven message), else the `fifoq-dedup-id` attribute (the runtime's own DLQ
 *   send), else the record's `MessageDeduplicationId`.
 * The body is the user's, whole, whatever its size (a record too large for DynamoDB is stored another way by
 * the store): a carrier header is never part of it. A body whose payload object is gone is stored empty and
 * flagged `bodyTruncated` (body unavailable), which makes the record not redrivable (discard it).
 */
export const toDeadLetter = (
  record: SQSRecord,
  failure: FailureRecord | undefined,
  context: {
    readonly queue: string;
    readonly now: number;
    readonly redriveToken: string;
    /**
     * The user's whole body (`checkOut` of the record's body: out of its carrier and the payload store);
     * `undefined` when its payload object is gone: the dead letter keeps an empty body and is not redrivable.
     */
    readonly body: string | undefined;
  },
): DeadLetterRecord => {
  const { queue, now, redriveToken } = context;
  const rawBody = context.body ?? "";
  const id = failure?.messageId ?? record.messageId;
  const { values, types } = splitAttributes(record.messageAttributes);
  const carried = unwrapBody(record.body);
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
    body: parseBody(rawBody, false),
    rawBody,
    bodyTruncated: context.body === undefined,
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
export const toPublicDeadLetter = (record: DeadLetterRecord): DeadLetter => {
  const { rawBody: _raw, bodyTruncated, attributeTypes: _types, redriveToken: _token, ...view } = record;
  return bodyTruncated ? { ...view, bodyTruncated } : view;
};
