import { randomUUID } from "node:crypto";
import { type DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDynamoDbIdempotencyStore } from "../../../functions/adapters/dynamodb/idempotency-store";
import type { StagedWrite } from "../../../functions/core/consumer/transaction";
import { MAX_STAGED_WRITES } from "../../../functions/core/consumer/transaction";
import { StoreRejectedError } from "../../../functions/core/idempotency/errors";
import { claimKey } from "../../../functions/core/idempotency/store-port";
import { createEffectTable, readItem } from "../../support/effect-table";
import { deliver, guardRecords, kinds, outcomeOf } from "../../unit/idempotency/support";
import { countRequests, createIdempotencyTable, guardPerQueue } from "./support";

const BUDGET_MS = 30_000;
const LEASE_MS = BUDGET_MS + 2000;

describe("staged writes committed with the record, on DynamoDB Local", () => {
  let dynamo: DynamoDBClient;
  let table: string;
  const effects = `fifoq-effects-${randomUUID().slice(0, 8)}`;
  const setup = guardPerQueue(() => ({ dynamo, table }), "tx", BUDGET_MS);
  /** Adds 1 to the counter item `pk`: applied twice, it would read 2. */
  const increment = (pk: string): StagedWrite => ({
    Update: {
      TableName: effects,
      Key: { pk: { S: pk } },
      UpdateExpression: "ADD #n :one",
      ExpressionAttributeNames: { "#n": "n" },
      ExpressionAttributeValues: { ":one": { N: "1" } },
    },
  });
  const putIfAbsent = (pk: string): StagedWrite => ({
    Put: { TableName: effects, Item: { pk: { S: pk } }, ConditionExpression: "attribute_not_exists(pk)" },
  });
  const counter = async (pk: string) => {
    const item = await readItem(dynamo, effects, pk);
    return item?.n?.N === undefined ? 0 : Number(item.n.N);
  };

  beforeAll(async () => {
    ({ dynamo, table } = await createIdempotencyTable());
    await createEffectTable(dynamo, effects);
  });
  afterAll(() => dynamo.destroy());

  it("applies the writes and the completion in one TransactWriteItems; the redelivery is duplicate, applied once", async () => {
    // Arrange
    const { guard, at, t0, queue } = setup();
    const records = guardRecords(1);
    const sent = countRequests(dynamo);
    // Act
    const session = await guard().begin(at("b1", t0), records);
    const result = await session.commitWith("m-order-0", [
      increment(`${queue}-a`),
      putIfAbsent(`${queue}-b`),
    ]);
    const finished = await session.finish([outcomeOf("m-order-0", "succeeded")]);
    const again = await deliver(guard(), at("b2", t0 + 6 * BUDGET_MS), records);
    // Assert
    expect(result).toEqual({ kind: "recorded" });
    expect(finished.get("m-order-0")).toBe("recorded");
    expect(sent.slice(0, 2)).toEqual(["BatchExecuteStatementCommand", "TransactWriteItemsCommand"]);
    expect(kinds(again.decisions)).toEqual(["duplicate"]);
    expect(await counter(`${queue}-a`)).toBe(1);
  });

  it("fails only the record whose staged condition fails, and applies none of its writes", async () => {
    // Arrange: an item that r0's put-if-absent will find
    const { guard, at, t0, queue } = setup();
    await dynamo.send(new PutItemCommand({ TableName: effects, Item: { pk: { S: `${queue}-taken` } } }));
    const records = guardRecords(2);
    const session = await guard().begin(at("b1", t0), records);
    // Act
    const refused = await session.commitWith("m-order-0", [
      increment(`${queue}-r0`),
      putIfAbsent(`${queue}-taken`),
    ]);
    const applied = await session.commitWith("m-order-1", [increment(`${queue}-r1`)]);
    await session.finish([outcomeOf("m-order-0", "failed"), outcomeOf("m-order-1", "succeeded")]);
    // Assert
    expect(refused).toEqual({ kind: "condition-failed", index: 1 });
    expect(applied).toEqual({ kind: "recorded" });
    expect([await counter(`${queue}-r0`), await counter(`${queue}-r1`)]).toEqual([0, 1]);
    const retry = await deliver(guard(), at("b2", t0 + 1000), records);
    expect(kinds(retry.decisions)).toEqual(["run", "duplicate"]);
  });

  it("applies nothing once the claim was taken over, and a repeated transaction applies once", async () => {
    // Arrange: an owner that claimed, then stalled past its lease; a redelivery took over
    const { guard, at, t0, queue } = setup();
    const records = guardRecords(2);
    const [r0, r1] = records;
    if (!r0 || !r1) throw new Error("no records");
    const owner = await guard().begin(at("b1", t0), records);
    await owner.commitWith(r1.messageId, [increment(`${queue}-twice`)]);
    await deliver(guard(), at("b2", t0 + LEASE_MS), records);
    // Act: the owner's transaction for r0 arrives anyway, and r1's is sent again
    const store = createDynamoDbIdempotencyStore({ dynamo, table });
    const key = (r: typeof r0) => claimKey(queue, "messageGroup", r);
    const late = await store.commitRecord({
      key: key(r0),
      batchId: "b1",
      atMs: t0,
      writes: [increment(`${queue}-late`)],
    });
    const repeated = await store.commitRecord({
      key: key(r1),
      batchId: "b1",
      atMs: t0,
      writes: [increment(`${queue}-twice`)],
    });
    // Assert
    expect(late).toEqual({ kind: "lost" });
    expect(repeated).toEqual({ kind: "committed" });
    expect([await counter(`${queue}-late`), await counter(`${queue}-twice`)]).toEqual([0, 1]);
  });

  it(`commits ${MAX_STAGED_WRITES} staged writes with the completion: DynamoDB's 100 actions`, async () => {
    // Arrange
    const { guard, at, t0, queue } = setup();
    const session = await guard().begin(at("b1", t0), guardRecords(1));
    const writes = Array.from({ length: MAX_STAGED_WRITES }, (_, i) => putIfAbsent(`${queue}-${i}`));
    // Act and assert
    expect(await session.commitWith("m-order-0", writes)).toEqual({ kind: "recorded" });
  });

  it("reports a transaction DynamoDB refuses as unrecorded with the reason, without retrying", async () => {
    // Arrange: two writes on one item, which DynamoDB refuses in a transaction
    const { guard, at, t0, queue } = setup();
    const session = await guard().begin(at("b1", t0), guardRecords(1));
    // Act
    const result = await session.commitWith("m-order-0", [increment(`${queue}-x`), increment(`${queue}-x`)]);
    // Assert
    expect(result.kind).toBe("unrecorded");
    expect(result.kind === "unrecorded" && result.error).toBeInstanceOf(StoreRejectedError);
    expect(await counter(`${queue}-x`)).toBe(0);
  });

  it("lets exactly one of a late owner's transaction and a taker-over win, raced 20 times", async () => {
    const store = createDynamoDbIdempotencyStore({ dynamo, table });
    const outcomes: string[] = [];
    for (let round = 0; round < 20; round += 1) {
      // Arrange: an owner past its lease whose transaction races a redelivery's take-over
      const { guard, at, t0, queue } = setup();
      const records = guardRecords(1);
      const [record] = records;
      if (!record) throw new Error("no record");
      await guard().begin(at("b1", t0), records);
      // the owner's transaction leaves 0 to 76 ms after the taker starts, so it lands before, during or after
      const ownerTransaction = new Promise((resolve) => setTimeout(resolve, round * 4)).then(() =>
        store.commitRecord({
          key: claimKey(queue, "messageGroup", record),
          batchId: "b1",
          atMs: t0,
          writes: [increment(`${queue}-race`)],
        }),
      );
      // Act: both go
      const [owner, taker] = await Promise.all([
        ownerTransaction,
        guard().begin(at("b2", t0 + LEASE_MS), records),
      ]);
      // Assert: the effect is applied by the owner (the taker sees duplicate) or not at all (the taker runs it)
      const decision = taker.decisions.get(record.messageId)?.kind;
      outcomes.push(`${owner.kind}/${decision}`);
      expect(["committed/duplicate", "lost/run"]).toContain(`${owner.kind}/${decision}`);
      expect(await counter(`${queue}-race`)).toBe(owner.kind === "committed" ? 1 : 0);
    }
    // which side wins each round depends on timing (both do on this machine); every round is checked above
    expect(outcomes).toHaveLength(20);
  });
});
