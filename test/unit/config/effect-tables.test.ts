import { describe, expect, it } from "vitest";
import {
  declaredEffectTables,
  effectTableName,
  effectTablesVariable,
} from "../../../functions/core/config/effect-tables";
import type { QueueConfig } from "../../../functions/core/config/types";
import { resolveConfig } from "../../../functions/core/config/validate";

const ledger = { name: "ledger", partitionKey: { name: "pk", type: "S" } } as const;

const config = (...effectTables: NonNullable<QueueConfig["effectTables"]>[]) =>
  resolveConfig(
    {
      queues: effectTables.map((tables, index) => ({
        name: `q${index}`,
        handler: "consumers/orders.ts",
        effectTables: tables,
      })),
    },
    "/app",
    "/app/fifoq.config.ts",
  );

describe("effect tables: names and the tables fifoq creates", () => {
  it("names a declared table after the stack and keeps a bare name as it is", () => {
    // Act and assert
    expect(effectTableName(ledger, "Prod")).toBe("Prod-ledger");
    expect(effectTableName(ledger, undefined)).toBe("ledger");
    expect(effectTableName({ name: "accounts" }, "Prod")).toBe("accounts");
  });

  it("writes name=physical pairs for the consumer's environment", () => {
    // Act and assert
    expect(effectTablesVariable([ledger, { name: "accounts" }], "Dev")).toBe(
      "ledger=Dev-ledger,accounts=accounts",
    );
  });

  it("creates a table two queues declare alike once, and never a bare one", () => {
    // Arrange
    const resolved = config([ledger, "accounts"], [ledger]);

    // Act
    const created = declaredEffectTables(resolved.queues);

    // Assert
    expect(created).toEqual([ledger]);
  });

  it.each([
    ["other keys", [ledger], [{ ...ledger, partitionKey: { name: "id", type: "S" } }]],
    ["a bare name beside a declaration", [ledger], ["ledger"]],
  ] as const)(
    "refuses one table name listed with %s, naming the queue and the table",
    (_what, first, second) => {
      // Act and assert
      expect(() => config([...first], [...second])).toThrow(
        /queue "q1": effectTables = .* is not allowed; the same declaration as the other queue that lists table "ledger"/,
      );
    },
  );
});
