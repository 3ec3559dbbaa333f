import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { StoreRejectedError } from "../../core/idempotency/errors";
import type { Claim, Commit } from "../../core/idempotency/store-port";
import { IDEMPOTENCY_TABLE } from "../../core/tables";

/** The key and TTL attributes; the others have short literal names that keep items far below 1 KB (1 WCU). */
export const PK = IDEMPOTENCY_TABLE.partitionKey;
const TTL = IDEMPOTENCY_TABLE.ttlAttribute;

export type Item = Record<string, AttributeValue>;

const str = (value: string): AttributeValue => ({ S: value });
const num = (value: number): AttributeValue => ({ N: String(value) });

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

/** The attributes of a claim besides its key, in the order of `claimValues`. */
export const CLAIM_COLUMNS = ["batchId", "slot", "messageId", "leaseUntil", TTL];

export const claimValues = (claim: Claim): AttributeValue[] => [
  str(claim.batchId),
  num(claim.slot),
  str(claim.messageId),
  num(claim.leaseUntilMs),
  num(claim.expiresAtS),
];

export const itemToClaim = (item: Item): Claim => ({
  batchId: readString(item, "batchId"),
  slot: readNumber(item, "slot"),
  messageId: readString(item, "messageId"),
  leaseUntilMs: readNumber(item, "leaseUntil"),
  expiresAtS: readNumber(item, TTL),
});

/** The attributes of a commit besides its key, in the order of `commitValues`. */
export const COMMIT_COLUMNS = ["state", TTL, "done"];

/** `done` is a list of slot numbers (empty for ABORTED): a list may be empty, a number set may not. */
export const commitValues = (commit: Commit): AttributeValue[] => [
  str(commit.state),
  num(commit.expiresAtS),
  { L: commit.state === "COMMITTED" ? commit.doneSlots.map(num) : [] },
];

export const itemToCommit = (item: Item): Commit => {
  const state = readString(item, "state");
  const expiresAtS = readNumber(item, TTL);
  if (state === "ABORTED") return { state, expiresAtS };
  if (state !== "COMMITTED") throw malformed(item);
  const doneSlots = (item.done?.L ?? []).map((slot) => Number(slot.N));
  if (!doneSlots.every(Number.isInteger)) throw malformed(item);
  return { state, doneSlots, expiresAtS };
};
