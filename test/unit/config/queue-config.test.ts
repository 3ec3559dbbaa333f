import { describe, expect, it } from "vitest";
import { resolveQueue } from "../../../functions/core/config/validate";

const queue = (fields: Record<string, unknown>) =>
  resolveQueue({ name: "orders", handler: "consumers/orders.ts", ...fields } as never, 0, "/app");

describe("queue configuration: commits and effect tables", () => {
  it("defaults the commit interval to 1000 ms and the effect tables to none", () => {
    expect(queue({})).toMatchObject({ commitIntervalMs: 1000, effectTables: [] });
  });

  it("keeps the effect tables given: bare names, and declarations with their keys", () => {
    // Arrange
    const declared = {
      name: "accounts",
      partitionKey: { name: "pk", type: "S" },
      sortKey: { name: "version", type: "N" },
    };

    // Act
    const { effectTables } = queue({ effectTables: ["orders-ledger", { name: "stock.v2" }, declared] });

    // Assert
    expect(effectTables).toEqual([{ name: "orders-ledger" }, { name: "stock.v2" }, declared]);
  });

  it.each([
    [
      { commitIntervalMs: -1 },
      'fifoq config: queue "orders": commitIntervalMs = -1 is not allowed; an integer from 0 to 60000',
    ],
    [
      { effectTables: "ledger" },
      `fifoq config: queue "orders": effectTables = "ledger" is not allowed; an array of table names (3 to 255 of a-z, A-Z, 0-9, "_", "-", ".") or declarations { name, partitionKey: { name, type: "S" | "N" | "B" }, sortKey? }, each name once`,
    ],
    [
      { effectTables: ["ledger", "no spaces"] },
      `fifoq config: queue "orders": effectTables = "no spaces" is not allowed; an array of table names (3 to 255 of a-z, A-Z, 0-9, "_", "-", ".") or declarations { name, partitionKey: { name, type: "S" | "N" | "B" }, sortKey? }, each name once`,
    ],
    [{ effectTables: ["ledger", "ledger"] }, /effectTables = "ledger" is not allowed; .*each name once/],
    [
      { effectTables: [{ name: "accounts", partitionKey: { name: "pk", type: "X" } }] },
      /effectTables = \{"name":"accounts","partitionKey":\{"name":"pk","type":"X"\}\} is not allowed/,
    ],
    [
      {
        effectTables: [
          { name: "accounts", partitionKey: { name: "pk", type: "S" }, sortKey: { name: "pk", type: "S" } },
        ],
      },
      /effectTables = .*"sortKey".* is not allowed/,
    ],
    [
      { effectTables: ["ledger"], idempotencyWindowSeconds: false },
      `fifoq config: queue "orders": effectTables = ["ledger"] is not allowed; none while idempotencyWindowSeconds is false: staged writes commit with the record's completion`,
    ],
  ])("refuses %o, naming the queue, the field, the value and what is allowed", (fields, message) => {
    expect(() => queue(fields)).toThrow(message);
  });
});
