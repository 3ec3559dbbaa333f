import { randomBytes } from "node:crypto";
import type { ScheduledMessage, ScheduledState } from "./types";

/** The only state changes: a scheduled message is released or cancelled, once; nothing else moves. */
const ALLOWED: Readonly<Record<ScheduledState, readonly ScheduledState[]>> = {
  scheduled: ["released", "cancelled"],
  released: [],
  cancelled: [],
};

export const canTransition = (from: ScheduledState, to: ScheduledState): boolean =>
  ALLOWED[from].includes(to);

/**
 * The dedup key of a scheduled message: (group, dedupId) within its queue, as JSON so that no group or
 * dedup id can be made to look like another pair.
 */
export const dedupKeyOf = (groupId: string, dedupId: string): string => JSON.stringify([groupId, dedupId]);

/**
 * Whether a record still holds its dedup key: while it is scheduled and not yet due. After `releaseAt` the
 * released message is SQS's (5 minutes) and the consumer's idempotency record's to deduplicate; a cancelled
 * message frees its key.
 */
export const holdsDedupKey = (record: ScheduledMessage, now: number): boolean =>
  record.state === "scheduled" && record.releaseAt > now;

const pad = (value: number, width: number) => String(value).padStart(width, "0");

/**
 * The ordering key within a group: the second it falls due, then publish time, then its batch index. Keys
 * compare as strings; delayed messages of one group due in the same second release in publish order.
 */
export const dueKeyOf = (
  record: Pick<ScheduledMessage, "releaseAt" | "publishedAt" | "batchIndex">,
): string =>
  `${pad(Math.floor(record.releaseAt / 1000), 12)}/${pad(record.publishedAt, 15)}/${pad(record.batchIndex, 3)}`;

/** A due key above every key of the second `now` falls in and of the seconds before it ('~' sorts after digits). */
export const dueKeyUpTo = (now: number): string => `${pad(Math.floor(now / 1000), 12)}/~`;

export const byDueKey = (a: ScheduledMessage, b: ScheduledMessage): number => {
  const ka = dueKeyOf(a);
  const kb = dueKeyOf(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

/** A scheduled id: publish time (base 36, sorts as time) and 64 random bits, `[0-9a-z]{25}`. */
/** The random part of a scheduled id: 16 characters of `[0-9a-z]` from 80 random bits. */
export const randomIdPart = (): string =>
  BigInt(`0x${randomBytes(10).toString("hex")}`)
    .toString(36)
    .padStart(16, "0")
    .slice(-16);

export const newScheduledId = (publishedAt: number, random: () => string): string =>
  `${publishedAt.toString(36).padStart(9, "0")}${random()}`;

export const SCHEDULED_ID = /^[0-9a-z]{25}$/;

export const isScheduledId = (value: string): boolean => SCHEDULED_ID.test(value);
