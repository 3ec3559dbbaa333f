import type { AttributeValue, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { StoreRejectedError } from "../../core/idempotency/errors";
import type { Claim, Commit } from "../../core/idempotency/store-port";
import { IDEMPOTENCY_TABLE } from "../../core/tables";

/** The key and TTL attributes; the others have short literal names that keep items far below 1 KB (1 WCU). */
export const PK = IDEMPOTENCY_TABLE.partitionKey;
export const TTL = IDEMPOTENCY_TABLE.ttlAttribute;

export type Item = Record<string, AttributeValue>;

/** The idempotency table (key `pk` S, TTL `expiresAt`) and the client that reaches it. */
export interface IdempotencyTable {
  readonly dynamo: DynamoDBClient;
  readonly table: string;
}

export const str = (value: string): AttributeValue => ({ S: value });
export const num = (value: number): AttributeValue => ({ N: String(value) });

/** The key says which kind of item it is (`c#` claim, `b#` commit). */
const malformed = (item: Item) =>
  new StoreRejectedError("decode", `malformed item ${JSON.stringify(item[PK] ?? null)}`);

const readString = (item: Item, name: string): string => {
  const value = item[name]?.S;
  if (value === undefined) throw malformed(item);
  return value;
};

const readNumber = (item: Item, name: string): number => {
  const value = Number(item[name]?.N);
  if (!Number.isFinite(value)) throw malformed(item);
  return value;
};

/** A claim's attempt count (the delivery's ApproximateReceiveCount); NULL when not known. */
const CLAIM_ATTEMPTS = "n";

/** The attributes of a claim besides its key, in the order of `claimValues`. */
export const CLAIM_COLUMNS = ["batchId", "slot", "messageId", "leaseUntil", TTL, CLAIM_ATTEMPTS];

export const claimValues = (claim: Claim): AttributeValue[] => [
  str(claim.batchId),
  num(claim.slot),
  str(claim.messageId),
  num(claim.leaseUntilMs),
  num(claim.expiresAtS),
  claim.attempts === undefined ? { NULL: true } : num(claim.attempts),
];

/**
 * Set on a claim by the record's own transaction: done, its value the epoch ms of the transaction (`1` on
 * claims done before fifoq kept the time).
 */
export const CLAIM_DONE = "d";

/** A number attribute that is present and positive (an absent, NULL or legacy `1` value is not known). */
const known = (item: Item, name: string, above: number): number | undefined => {
  const value = Number(item[name]?.N);
  return Number.isFinite(value) && value > above ? value : undefined;
};

export const itemToClaim = (item: Item): Claim => {
  const attempts = known(item, CLAIM_ATTEMPTS, 0);
  const doneAtMs = known(item, CLAIM_DONE, 1);
  return {
    batchId: readString(item, "batchId"),
    slot: readNumber(item, "slot"),
    messageId: readString(item, "messageId"),
    leaseUntilMs: readNumber(item, "leaseUntil"),
    expiresAtS: readNumber(item, TTL),
    done: item[CLAIM_DONE] !== undefined,
    ...(doneAtMs === undefined ? {} : { doneAtMs }),
    ...(attempts === undefined ? {} : { attempts }),
  };
};

/**
 * A commit: `done` a number set of slots (absent while none), `fin` (sealed by its owner) and `ab` (sealed
 * by a taker-over) present when set; `at<slot>` the epoch ms of the write that first carried the slot.
 */
export const COMMIT = { done: "done", final: "fin", aborted: "ab", ttl: TTL } as const;

/** The attribute that holds when `slot` was first committed (a FIFO batch has at most 10 slots). */
export const slotTimeAttribute = (slot: number): string => `at${slot}`;

export const itemToCommit = (item: Item): Commit => {
  const doneSlots = (item[COMMIT.done]?.NS ?? []).map(Number).sort((a, b) => a - b);
  if (!doneSlots.every(Number.isInteger)) throw malformed(item);
  const times = doneSlots.flatMap((slot) => {
    const at = known(item, slotTimeAttribute(slot), 0);
    return at === undefined ? [] : [[slot, at] as const];
  });
  return {
    doneSlots,
    ...(times.length === 0 ? {} : { doneAtMs: new Map(times) }),
    final: item[COMMIT.final] !== undefined,
    aborted: item[COMMIT.aborted] !== undefined,
    expiresAtS: readNumber(item, TTL),
  };
};
