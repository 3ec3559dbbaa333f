import { bytes as utf8Bytes } from "../producer/message-size";
import { TransactionRefusedError } from "./errors";

/**
 * A DynamoDB attribute value in its JSON form, `{ S: "x" }`, `{ N: "1" }`, … (the shape of the SDK's
 * `AttributeValue`, written here so that the core needs no SDK).
 */
export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: Uint8Array }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: Uint8Array[] }
  | { M: Record<string, AttributeValue> }
  | { L: AttributeValue[] }
  | { NULL: boolean }
  | { BOOL: boolean };

export type AttributeMap = Record<string, AttributeValue>;

interface Expressions {
  readonly ConditionExpression?: string;
  readonly ExpressionAttributeNames?: Record<string, string>;
  readonly ExpressionAttributeValues?: AttributeMap;
}

export interface TransactionPut extends Expressions {
  readonly TableName: string;
  readonly Item: AttributeMap;
}

export interface TransactionUpdate extends Expressions {
  readonly TableName: string;
  readonly Key: AttributeMap;
  readonly UpdateExpression: string;
}

export interface TransactionDelete extends Expressions {
  readonly TableName: string;
  readonly Key: AttributeMap;
}

export interface TransactionConditionCheck extends Expressions {
  readonly TableName: string;
  readonly Key: AttributeMap;
  readonly ConditionExpression: string;
}

/** One staged write, in the shape of one of `TransactWriteItems`' `TransactItems`. */
export type StagedWrite =
  | { readonly Put: TransactionPut }
  | { readonly Update: TransactionUpdate }
  | { readonly Delete: TransactionDelete }
  | { readonly ConditionCheck: TransactionConditionCheck };

/**
 * `context.transaction`: DynamoDB writes staged by `handle` and applied in ONE transaction with the record's
 * completion, after `handle` returns: all of them exactly once, or none. Nothing is sent while `handle` runs.
 */
export interface Transaction {
  put(input: TransactionPut): void;
  update(input: TransactionUpdate): void;
  delete(input: TransactionDelete): void;
  conditionCheck(input: TransactionConditionCheck): void;
}

/** DynamoDB: at most 100 actions per transaction; one of them is the record's completion. */
export const MAX_STAGED_WRITES = 99;
/** DynamoDB: at most 4 MB per transaction; 4 KB of it are kept for the record's completion. */
export const MAX_STAGED_BYTES = 4 * 1024 * 1024 - 4096;

/**
 * Bytes of a staged write as DynamoDB counts them (attribute names and values), estimated from above and
 * without recursion: every key and string by its UTF-8 length, binaries by theirs, anything else 1 byte.
 */
const estimateBytes = (root: unknown): number => {
  let bytes = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === "string") bytes += utf8Bytes(value);
    else if (value instanceof Uint8Array) bytes += value.byteLength;
    else if (value !== null && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        bytes += utf8Bytes(key);
        stack.push(child);
      }
    } else if (value !== undefined) bytes += 1;
  }
  return bytes;
};

/** Logical effect-table names (as configured) to the names in DynamoDB: what `context.tables` holds. */
export type EffectTableNames = Readonly<Record<string, string>>;

/**
 * The queue's effect tables as `context.tables`: a map of configured name to DynamoDB name (an array of names
 * maps each to itself). A frozen object without a prototype: `context.tables.constructor` is no table.
 */
export const effectTableNames = (
  tables: readonly string[] | EffectTableNames | undefined,
): EffectTableNames => {
  const names: Record<string, string> = Object.create(null);
  const pairs = Array.isArray(tables)
    ? tables.map((name) => [name, name] as const)
    : Object.entries(tables ?? {});
  for (const [name, physical] of pairs) names[name] = physical;
  return Object.freeze(names);
};

export interface StagingRules {
  readonly messageId: string;
  /** Tables the queue's `effectTables` lists. */
  readonly tables: ReadonlySet<string>;
  /** Why nothing may be staged at all (idempotency off), if so. */
  readonly disabled?: string | undefined;
}

export interface Staging {
  readonly transaction: Transaction;
  /** Ends staging (a later call throws) and returns what was staged, in order. */
  close(): readonly StagedWrite[];
}

/** The `context.transaction` of one record. A refused write throws `TransactionRefusedError` at once. */
export const stageTransaction = (rules: StagingRules): Staging => {
  const writes: StagedWrite[] = [];
  let bytes = 0;
  let closed = false;
  const refuse = (why: string) => new TransactionRefusedError(`message ${rules.messageId}: ${why}`);
  const stage = (write: StagedWrite, table: string) => {
    if (closed) throw refuse("staged after handle returned; stage every write before it returns");
    if (rules.disabled) throw refuse(rules.disabled);
    if (!rules.tables.has(table)) {
      const allowed = [...rules.tables].map((name) => JSON.stringify(name)).join(", ") || "none";
      throw refuse(
        `table ${JSON.stringify(table)} is not in the queue's effectTables (${allowed}; context.tables maps each configured name to it)`,
      );
    }
    if (writes.length >= MAX_STAGED_WRITES) {
      throw refuse(`more than ${MAX_STAGED_WRITES} staged writes (DynamoDB: 100 actions per transaction)`);
    }
    bytes += estimateBytes(write);
    if (bytes > MAX_STAGED_BYTES) {
      throw refuse(`staged writes exceed ${MAX_STAGED_BYTES} bytes (DynamoDB: 4 MB per transaction)`);
    }
    writes.push(write);
  };
  return {
    transaction: {
      put: (input) => stage({ Put: input }, input.TableName),
      update: (input) => stage({ Update: input }, input.TableName),
      delete: (input) => stage({ Delete: input }, input.TableName),
      conditionCheck: (input) => stage({ ConditionCheck: input }, input.TableName),
    },
    close: () => {
      closed = true;
      return writes;
    },
  };
};
