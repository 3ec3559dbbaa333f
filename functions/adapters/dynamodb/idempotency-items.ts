import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { StoreRejectedError } from "../../core/idempotency/errors";
import type { Claim, Commit } from "../../core/idempotency/store-port";
import { IDEMPOTENCY_TABLE } from "../../core/tables";

/** Attribute names of claim and commit items. Short names keep items far below 1 KB (1 WCU). */
export const ATTR = {
  pk: IDEMPOTENCY_TABLE.partitionKey,
  expiresAt: IDEMPOTENCY_TABLE.ttlAttribute,
  batchId: "batchId",
  slot: "slot",
  messageId: "messageId",
  leaseUntil: "leaseUntil",
  state: "state",
  done: "done",
} as const;

export type Item = Record<string, AttributeValue>;

const str = (value: string): AttributeValue => ({ S: value });
const num = (value: number): AttributeValue => ({ N: String(value) });

const malformed = (what: string, item: Item) =>
  new StoreRejectedError("decode", `malformed ${what} item ${JSON.stringify(item[ATTR.pk] ?? null)}`);

const readString = (item: Item, name: string, what: string): string => {
  const value = item[name]?.S;
  if (value === undefined) throw malformed(what, item);
  return value;
};

const readNumber = (item: Item, name: string, what: string): number => {
  const value = Number(item[name]?.N);
  if (!Number.isFinite(value)) throw malformed(what, item);
  return value;
};

/** The values of a claim in the order of `CLAIM_COLUMNS`, key first. */
export const CLAIM_COLUMNS = [
  ATTR.pk,
  ATTR.batchId,
  ATTR.slot,
  ATTR.messageId,
  ATTR.leaseUntil,
  ATTR.expiresAt,
];

export const claimValues = (key: string, claim: Claim): AttributeValue[] => [
  str(key),
  str(claim.batchId),
  num(claim.slot),
  str(claim.messageId),
  num(claim.leaseUntilMs),
  num(claim.expiresAtS),
];

export const itemToClaim = (item: Item): Claim => ({
  batchId: readString(item, ATTR.batchId, "claim"),
  slot: readNumber(item, ATTR.slot, "claim"),
  messageId: readString(item, ATTR.messageId, "claim"),
  leaseUntilMs: readNumber(item, ATTR.leaseUntil, "claim"),
  expiresAtS: readNumber(item, ATTR.expiresAt, "claim"),
});

/** `done` is a number set of slots, absent when empty (DynamoDB has no empty sets). */
export const commitToItem = (key: string, commit: Commit): Item => ({
  [ATTR.pk]: str(key),
  [ATTR.state]: str(commit.state),
  [ATTR.expiresAt]: num(commit.expiresAtS),
  ...(commit.state === "COMMITTED" && commit.doneSlots.length > 0
    ? { [ATTR.done]: { NS: commit.doneSlots.map(String) } }
    : {}),
});

export const itemToCommit = (item: Item): Commit => {
  const state = readString(item, ATTR.state, "commit");
  const expiresAtS = readNumber(item, ATTR.expiresAt, "commit");
  if (state === "ABORTED") return { state, expiresAtS };
  if (state !== "COMMITTED") throw malformed("commit", item);
  const doneSlots = (item[ATTR.done]?.NS ?? []).map(Number);
  if (doneSlots.some((slot) => !Number.isInteger(slot))) throw malformed("commit", item);
  return { state, doneSlots, expiresAtS };
};
