import { TABLE_NAME_PATTERN } from "./defaults";
import { InvalidConfigValueError } from "./errors";
import { namePrefix } from "./physical-names";
import type { EffectTableKey, ResolvedEffectTable, ResolvedQueueConfig } from "./types";

const KEY_TYPES: readonly EffectTableKey["type"][] = ["S", "N", "B"];
const ATTRIBUTE_NAME = /^[^\s]{1,255}$/;

const ALLOWED =
  'an array of table names (3 to 255 of a-z, A-Z, 0-9, "_", "-", ".") or declarations { name, partitionKey: { name, type: "S" | "N" | "B" }, sortKey? }, each name once';

const keyOf = (value: unknown): EffectTableKey | undefined => {
  if (value === null || typeof value !== "object") return undefined;
  const { name, type } = value as { name?: unknown; type?: unknown };
  if (typeof name !== "string" || !ATTRIBUTE_NAME.test(name)) return undefined;
  const known = KEY_TYPES.find((candidate) => candidate === type);
  return known ? { name, type: known } : undefined;
};

/** One entry: a bare name (a table the user owns) or a declaration fifoq creates; undefined if neither. */
const entryOf = (value: unknown): ResolvedEffectTable | undefined => {
  if (typeof value === "string") return TABLE_NAME_PATTERN.test(value) ? { name: value } : undefined;
  if (value === null || typeof value !== "object") return undefined;
  const { name, partitionKey, sortKey } = value as Record<string, unknown>;
  if (partitionKey === undefined && sortKey === undefined) return entryOf(name);
  const partition = keyOf(partitionKey);
  const sort = sortKey === undefined ? undefined : keyOf(sortKey);
  if (typeof name !== "string" || !TABLE_NAME_PATTERN.test(name) || !partition) return undefined;
  if (sortKey !== undefined && (!sort || sort.name === partition.name)) return undefined;
  return { name, partitionKey: partition, ...(sort ? { sortKey: sort } : {}) };
};

/**
 * The queue's `effectTables`: each a bare table name (a table you own, used as named) or a declaration with
 * its key schema (fifoq creates it, named after the stack); each name once; none when idempotency is off
 * (staged writes commit with the record's completion, which only idempotency records).
 */
export const effectTables = (
  queue: string,
  value: unknown,
  idempotencyWindowSeconds: number,
): ResolvedEffectTable[] => {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new InvalidConfigValueError(queue, "effectTables", value, ALLOWED);
  const tables: ResolvedEffectTable[] = [];
  for (const item of value) {
    const table = entryOf(item);
    if (!table || tables.some((other) => other.name === table.name)) {
      throw new InvalidConfigValueError(queue, "effectTables", item, ALLOWED);
    }
    tables.push(table);
  }
  if (tables.length > 0 && idempotencyWindowSeconds === 0) {
    throw new InvalidConfigValueError(
      queue,
      "effectTables",
      value,
      "none while idempotencyWindowSeconds is false: staged writes commit with the record's completion",
    );
  }
  return tables;
};

/** Whether fifoq creates the table (it was declared with its keys) or it is the user's own. */
export const isDeclared = (
  table: ResolvedEffectTable,
): table is ResolvedEffectTable & { partitionKey: EffectTableKey } => table.partitionKey !== undefined;

/**
 * The table's name in DynamoDB: a declared table is named after the stack (`<stack>-<name>`, so dev and prod
 * in one account never share one; the local stack keeps `<name>`), a bare name is used as it is.
 */
export const effectTableName = (table: ResolvedEffectTable, stack: string | undefined): string =>
  isDeclared(table) ? `${namePrefix(stack)}${table.name}` : table.name;

/**
 * The consumer's `FIFOQ_EFFECT_TABLES`: `name=physical` pairs, comma-separated. CDK and the local stack both
 * build it here; `functions/runtime/env.ts` reads it back into `context.tables`.
 */
export const effectTablesVariable = (
  tables: readonly ResolvedEffectTable[],
  stack: string | undefined,
): string => tables.map((table) => `${table.name}=${effectTableName(table, stack)}`).join(",");

/**
 * The tables fifoq creates for the whole configuration, each once. A name that two queues list must be the
 * same table in both (declared with the same keys, or bare in both); otherwise the config is refused, naming
 * the queue and the table.
 */
export const declaredEffectTables = (queues: readonly ResolvedQueueConfig[]): ResolvedEffectTable[] => {
  const byName = new Map<string, ResolvedEffectTable>();
  for (const queue of queues) {
    for (const table of queue.effectTables) {
      const seen = byName.get(table.name);
      if (seen && JSON.stringify(seen) !== JSON.stringify(table)) {
        throw new InvalidConfigValueError(
          queue.name,
          "effectTables",
          table,
          `the same declaration as the other queue that lists table "${table.name}" (the same keys, or a bare name in both)`,
        );
      }
      byName.set(table.name, table);
    }
  }
  return [...byName.values()].filter(isDeclared);
};
