import { type AttributeValue, type DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliver, guardBatch, guardRecords, kinds } from "../../unit/idempotency/support";
import { countRequests, createIdempotencyTable, dynamoGuard } from "./support";

/** DynamoDB's item size: attribute names plus values (strings in UTF-8, numbers ≈ 1 byte per 2 digits + 1). */
const valueSize = (value: AttributeValue): number => {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return Math.ceil(value.N.replace(/^-|\./g, "").length / 2) + 1;
  if (value.L !== undefined) return value.L.reduce((sum, element) => sum + 1 + valueSize(element), 3);
  if (value.NS !== undefined) return value.NS.reduce((sum, n) => sum + valueSize({ N: n }), 0);
  throw new Error(`no size rule for ${JSON.stringify(value)}`);
};
const itemSize = (item: Record<string, AttributeValue>) =>
  Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + valueSize(value), 0);
const writeUnits = (item: Record<string, AttributeValue>) => Math.ceil(itemSize(item) / 1024);

/** Worst case for item sizes: the longest queue name and dedupIds that SQS allows. */
const LONG_QUEUE = "q".repeat(64);
const longRecords = (groups: number) =>
  guardRecords(10, { groups }).map((record, i) => ({
    ...record,
    dedupId: `${String(i).padStart(3, "0")}${"d".repeat(125)}`,
  }));

describe("idempotency cost on DynamoDB Local", () => {
  let dynamo: DynamoDBClient;
  let table: string;
  let sent: string[];

  beforeAll(async () => {
    ({ dynamo, table } = await createIdempotencyTable());
    sent = countRequests(dynamo);
  });
  afterAll(() => dynamo.destroy());

  it.each([10, 1])(
    "applies a batch of 10 in %i group(s) in 2 requests and 1.1 WCU per message",
    async (groups) => {
      // Arrange
      const queue = `${LONG_QUEUE.slice(0, 62)}-${groups}`;
      const now = Date.now();
      const guard = dynamoGuard({ dynamo, table, queue });
      sent.length = 0;
      // Act
      const { ran, finished } = await deliver(guard, guardBatch(`b-${groups}`, now), longRecords(groups));
      // Assert
      expect(ran).toHaveLength(10);
      expect([...finished.values()]).toEqual(Array(10).fill("recorded"));
      expect(sent).toEqual(["BatchExecuteStatementCommand", "UpdateItemCommand"]);
      const items = (await dynamo.send(new ScanCommand({ TableName: table }))).Items ?? [];
      const mine = items.filter((item) => item.pk?.S?.includes(`#${queue}#`));
      expect(mine).toHaveLength(11);
      const units = mine.reduce((sum, item) => sum + writeUnits(item), 0);
      expect(Math.max(...mine.map(itemSize))).toBeLessThan(1024);
      expect(units / 10).toBe(1.1);
    },
  );

  it("acknowledges a redelivered batch of 10 in 3 requests and writes nothing in finish", async () => {
    // Arrange: a batch of 10 applied once; count the requests from here
    const queue = "orders-redelivered";
    const records = guardRecords(10, { groups: 2 });
    await deliver(dynamoGuard({ dynamo, table, queue }), guardBatch("b1", Date.now()), records);
    sent.length = 0;
    // Act: the same records redelivered
    const again = await deliver(dynamoGuard({ dynamo, table, queue }), guardBatch("b2", Date.now()), records);
    // Assert
    expect(kinds(again.decisions)).toEqual(Array(10).fill("duplicate"));
    // inserts refused, then the claims read, then their commits read
    expect(sent).toEqual(Array(3).fill("BatchExecuteStatementCommand"));
  });

  it("takes over after a crash in 5 requests plus 1 to commit", async () => {
    // Arrange: a batch that began two minutes ago and crashed; count the requests from here
    const queue = "orders-crashed";
    const records = guardRecords(10, { groups: 1 });
    const crashed = guardBatch("b1", Date.now() - 120_000);
    await dynamoGuard({ dynamo, table, queue }).begin(crashed, records);
    sent.length = 0;
    // Act: the redelivery
    const retry = await deliver(dynamoGuard({ dynamo, table, queue }), guardBatch("b2", Date.now()), records);
    // Assert
    expect(retry.ran).toHaveLength(10);
    // inserts refused, claims read, commit read (absent), abort, take-overs; then the commit
    expect(sent).toEqual([
      ...Array(3).fill("BatchExecuteStatementCommand"),
      "UpdateItemCommand",
      "BatchExecuteStatementCommand",
      "UpdateItemCommand",
    ]);
  });
});
