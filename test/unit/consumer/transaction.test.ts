import { describe, expect, it } from "vitest";
import {
  MAX_STAGED_BYTES,
  MAX_STAGED_WRITES,
  stageTransaction,
} from "../../../functions/core/consumer/transaction";

const rules = { messageId: "m1", tables: new Set(["ledger"]) };
const put = (pk: string, payload = "") => ({
  TableName: "ledger",
  Item: { pk: { S: pk }, ...(payload ? { payload: { S: payload } } : {}) },
});

describe("stageTransaction", () => {
  it("keeps every kind of write in order, in the TransactWriteItems shape", () => {
    // Arrange
    const staging = stageTransaction(rules);
    const key = { pk: { S: "k" } };

    // Act
    staging.transaction.put(put("a"));
    staging.transaction.update({ TableName: "ledger", Key: key, UpdateExpression: "ADD n :one" });
    staging.transaction.delete({ TableName: "ledger", Key: key });
    staging.transaction.conditionCheck({
      TableName: "ledger",
      Key: key,
      ConditionExpression: "attribute_exists(pk)",
    });

    // Assert
    expect(staging.close().map((write) => Object.keys(write)[0])).toEqual([
      "Put",
      "Update",
      "Delete",
      "ConditionCheck",
    ]);
  });

  it(`takes ${MAX_STAGED_WRITES} writes and refuses the next (DynamoDB: 100 actions, one is the completion)`, () => {
    // Arrange
    const staging = stageTransaction(rules);
    for (let i = 0; i < MAX_STAGED_WRITES; i += 1) staging.transaction.put(put(`k${i}`));

    // Act
    const oneMore = () => staging.transaction.put(put("k-last"));

    // Assert
    expect(oneMore).toThrow("message m1: more than 99 staged writes (DynamoDB: 100 actions per transaction)");
    expect(staging.close()).toHaveLength(MAX_STAGED_WRITES);
  });

  it("refuses the write that takes the transaction past 4 MB", () => {
    // Arrange: two items of 1.5 MB fit, a third does not
    const staging = stageTransaction(rules);
    const big = "x".repeat(1.5 * 1024 * 1024);
    staging.transaction.put(put("a", big));
    staging.transaction.put(put("b", big));

    // Act
    const third = () => staging.transaction.put(put("c", big));

    // Assert
    expect(third).toThrow(`staged writes exceed ${MAX_STAGED_BYTES} bytes (DynamoDB: 4 MB per transaction)`);
    expect(staging.close()).toHaveLength(2);
  });

  it("counts binaries by their bytes and nested values without recursion", () => {
    // Arrange: a list nested 20,000 deep would overflow a recursive size function
    let deep: { L: unknown[] } = { L: [] };
    for (let i = 0; i < 20_000; i += 1) deep = { L: [deep] };
    const staging = stageTransaction(rules);

    // Act
    const stage = () =>
      staging.transaction.put({
        TableName: "ledger",
        Item: { pk: { S: "a" }, blob: { B: new Uint8Array(3 * 1024 * 1024) }, deep: deep as { L: [] } },
      });

    // Assert
    expect(stage).not.toThrow();
    expect(() =>
      staging.transaction.put({ TableName: "ledger", Item: { blob: { B: new Uint8Array(1024 * 1024) } } }),
    ).toThrow(/exceed/);
  });
});
