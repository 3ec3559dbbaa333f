import { randomBytes, randomUUID } from "node:crypto";
import type { SQSMessageAttributes, SQSRecord } from "aws-lambda";
import { ORIGINAL_DEDUP_ID_ATTRIBUTE } from "../../functions/core/dead-letters/attributes";
import type { FailureRecord } from "../../functions/core/dead-letters/failure-log";
import type { DeadLetterStore, RedriveMessage, RedriveSender } from "../../functions/core/dead-letters/store";
import {
  type CursorKey,
  type DeadLetterRecord,
  type DeadLetterStatus,
  isCountedStatus,
  type ListOptions,
} from "../../functions/core/dead-letters/types";
import { type SqsRecordInput, sqsRecordFactory } from "./sqs";

/** A record as the recorder receives it from `<queue>-dlq.fifo` (default queue `orders`). */
export const dlqRecordFactory = (
  input: SqsRecordInput & { readonly originalDedupId?: string },
): SQSRecord => {
  const record = sqsRecordFactory({ queueName: "orders-dlq.fifo", ...input });
  if (input.originalDedupId === undefined) return record;
  const extra: SQSMessageAttributes = {
    [ORIGINAL_DEDUP_ID_ATTRIBUTE]: {
      stringValue: input.originalDedupId,
      dataType: "String",
      stringListValues: [],
      binaryListValues: [],
    },
  };
  return { ...record, messageAttributes: { ...record.messageAttributes, ...extra } };
};

export const failureRecordFactory = (overrides: Partial<FailureRecord> = {}): FailureRecord => ({
  queue: "orders",
  messageId: randomUUID(),
  dedupId: `order-${randomUUID().slice(0, 8)}`,
  groupId: "customer-42",
  attempt: 3,
  error: { name: "Error", message: "payment service timed out" },
  at: "2026-03-01T10:00:00.000Z",
  sentAt: "2026-03-01T09:59:00.000Z",
  ...overrides,
});

/** Starts a day ago (real time): a stored record is then within its retention, as a fresh one is. */
let clock = Date.now() - 24 * 3600 * 1000;

/** A stored `new` dead letter; each call is 1 ms later than the previous one unless `deadLetteredAt` is given. */
export const deadLetterRecordFactory = (overrides: Partial<DeadLetterRecord> = {}): DeadLetterRecord => {
  clock += 1;
  const id = overrides.id ?? randomUUID();
  const body = overrides.body ?? { orderId: id.slice(0, 8) };
  return {
    id,
    queue: "orders",
    messageId: id,
    groupId: "customer-42",
    dedupId: `order-${id.slice(0, 8)}`,
    body,
    rawBody: JSON.stringify(body),
    bodyTruncated: false,
    attributes: {},
    attributeTypes: {},
    receiveCount: 3,
    firstSentAt: new Date(clock - 60_000).toISOString(),
    deadLetteredAt: new Date(clock).toISOString(),
    lastError: { name: "Error", message: "boom", at: new Date(clock - 1000).toISOString() },
    status: "new",
    redriveToken: randomBytes(16).toString("hex"),
    ...overrides,
  };
};

/**
 * A dead letter that a redrive must resend byte for byte: a raw body that JSON would rewrite (`1.50`), a String
 * and a Number attribute, in group `customer-7`.
 */
export const typedDeadLetterFactory = (overrides: Partial<DeadLetterRecord> = {}): DeadLetterRecord =>
  deadLetterRecordFactory({
    groupId: "customer-7",
    rawBody: '{"amount": 1.50}',
    attributes: { tenant: "acme", priority: "7" },
    attributeTypes: { priority: "Number" },
    ...overrides,
  });

const matches = (record: DeadLetterRecord, options: ListOptions) =>
  (!options.status || record.status === options.status) &&
  (!options.groupId || record.groupId === options.groupId);

const compareKeys = (a: CursorKey | DeadLetterRecord, b: CursorKey | DeadLetterRecord) =>
  a.deadLetteredAt === b.deadLetteredAt
    ? a.id.localeCompare(b.id)
    : a.deadLetteredAt.localeCompare(b.deadLetteredAt);

/** An in-memory `DeadLetterStore` with the same paging contract, for tests of the operations (no AWS). */
export const createMemoryDeadLetterStore = (seed: readonly DeadLetterRecord[] = []) => {
  const records = new Map(seed.map((record) => [record.id, record]));
  const listCalls: ListOptions[] = [];
  const transition = async (
    id: string,
    from: DeadLetterStatus,
    to: DeadLetterStatus,
    fields: Partial<DeadLetterRecord>,
  ) => {
    const current = records.get(id);
    if (!current) throw new Error(`memory store: no ${id}`);
    if (current.status !== from) return { kind: "conflict" as const, current };
    const record = { ...current, ...fields, status: to };
    records.set(id, record);
    return { kind: "changed" as const, record };
  };
  const store: DeadLetterStore = {
    putIfAbsent: async (record) => {
      if (records.has(record.id)) return "exists";
      records.set(record.id, record);
      return "created";
    },
    get: async (_queue, id) => records.get(id),
    list: async (_queue, options) => {
      listCalls.push(options);
      const sign = options.order === "oldest" ? 1 : -1;
      const sorted = [...records.values()].sort((a, b) => sign * compareKeys(a, b));
      const cursor = options.cursor;
      const after = cursor ? sorted.filter((record) => sign * compareKeys(record, cursor) > 0) : sorted;
      const items = after.filter((record) => matches(record, options)).slice(0, options.limit);
      const last = items.at(-1);
      const more = last !== undefined && items.length === options.limit;
      return {
        items,
        next: more ? { queue: last.queue, id: last.id, deadLetteredAt: last.deadLetteredAt } : undefined,
      };
    },
    claimRedrive: (_queue, id, at) => transition(id, "new", "redriving", { redriveClaimedAt: at }),
    markRedriven: (_queue, id, change) =>
      transition(id, "redriving", "redriven", { redrivenMessageId: change.messageId, redrivenAt: change.at }),
    markDiscarded: (_queue, id, at) => transition(id, "new", "discarded", { discardedAt: at }),
    countNew: async () => [...records.values()].filter((record) => isCountedStatus(record.status)).length,
  };
  return Object.assign(store, { records, listCalls });
};

/** A `RedriveSender` that keeps what it was given; `failWhen` makes chosen sends throw. */
export const createMemoryRedriveSender = (failWhen: (message: RedriveMessage) => boolean = () => false) => {
  const sent: RedriveMessage[] = [];
  const sender: RedriveSender = {
    async send(message) {
      if (failWhen(message)) throw new Error(`send refused for ${message.id}`);
      sent.push(message);
      return { messageId: `sqs-${sent.length}` };
    },
  };
  return Object.assign(sender, { sent });
};

/**
 * A dead letter whose body (a JSON object of ~5.3 MB, offloaded past 350 KB) is over what one API answer
 * carries (`MAX_PAGE_BYTES`): the API answers it with `body: null` and `bodyOmittedBytes`.
 */
export const oversizeDeadLetterFactory = (overrides: Partial<DeadLetterRecord> = {}): DeadLetterRecord => {
  const body = { text: "x".repeat(5_300_000) };
  return deadLetterRecordFactory({ body, rawBody: JSON.stringify(body), ...overrides });
};

/** A dead letter whose stored body object was gone: `bodyTruncated`, an empty body, not redrivable. */
export const lostBodyDeadLetterFactory = (overrides: Partial<DeadLetterRecord> = {}): DeadLetterRecord =>
  deadLetterRecordFactory({ body: "", rawBody: "", bodyTruncated: true, ...overrides });
