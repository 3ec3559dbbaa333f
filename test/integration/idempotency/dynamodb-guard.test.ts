import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readItem } from "../../support/effect-table";
import { deliver, guardRecords, kinds, outcomeOf } from "../../unit/idempotency/support";
import { createIdempotencyTable, guardPerQueue, WINDOW_S } from "./support";

const BUDGET_MS = 30_000;
const GRACE_MS = 2000;

describe("idempotency guard on DynamoDB Local", () => {
  let dynamo: DynamoDBClient;
  let table: string;
  const setup = guardPerQueue(() => ({ dynamo, table }), "orders", BUDGET_MS);
  const item = (pk: string) => readItem(dynamo, table, pk);

  beforeAll(async () => {
    ({ dynamo, table } = await createIdempotencyTable());
  });
  afterAll(() => dynamo.destroy());

  it("acknowledges the same batch delivered twice as duplicate, without running handle", async () => {
    // Arrange
    const { guard, at, t0 } = setup();
    const records = guardRecords(10, { groups: 3 });
    // Act: the first delivery
    const first = await deliver(guard(), at("b1", t0), records);
    // Assert
    expect(first.ran).toHaveLength(10);
    expect([...first.finished.values()]).toEqual(Array(10).fill("recorded"));
    // Act: the same records delivered again
    const second = await deliver(guard(), at("b2", t0 + 1000), records);
    // Assert
    expect(kinds(second.decisions)).toEqual(Array(10).fill("duplicate"));
    expect(second.ran).toEqual([]);
  });

  it("treats a crash after the effect but before the ack (begin + finish done) as duplicate on redelivery", async () => {
    // Arrange: a batch that began and finished
    const { guard, at, t0 } = setup();
    const records = guardRecords(2);
    const session = await guard().begin(at("b1", t0), records);
    await session.finish(records.map((r) => outcomeOf(r.messageId, "succeeded")));
    // the invocation dies here: SQS never hears the ack and redelivers after the visibility timeout
    // Act
    const redelivered = await deliver(guard(), at("b2", t0 + 6 * BUDGET_MS), records);
    // Assert
    expect(kinds(redelivered.decisions)).toEqual(["duplicate", "duplicate"]);
  });

  it("answers busy before the lease of a batch that crashed before finish, and runs after it", async () => {
    // Arrange: a batch that began and crashed before finish
    const { queue, guard, at, t0 } = setup();
    const records = guardRecords(3, { groups: 1 });
    await guard().begin(at("b1", t0), records);
    // Act: a redelivery just before the lease ends
    const early = await deliver(guard(), at("b2", t0 + BUDGET_MS + GRACE_MS - 1), records);
    // Assert
    expect(kinds(early.decisions)).toEqual(["busy", "busy", "busy"]);
    // Act: and one when it ends
    const late = await deliver(guard(), at("b3", t0 + BUDGET_MS + GRACE_MS), records);
    // Assert: it runs, the crashed batch is aborted and the claim is the redelivery's
    expect(late.ran).toHaveLength(3);
    expect((await item(`b#${queue}#b1`))?.ab).toEqual({ N: "1" });
    expect((await item(`c#${queue}#g2#g0#order-0`))?.batchId).toEqual({ S: "b3" });
  });

  it("lets one of two concurrent invocations run; the aborted holders' late finish is unrecorded, not written", async () => {
    // Arrange
    const { queue, guard, at, t0 } = setup();
    const records = guardRecords(4);
    const [a, b] = [guard(), guard()];
    const [batchA, batchB] = [at("bA", t0), at("bB", t0)];
    // Act: two invocations begin the same records at once
    const [sessionA, sessionB] = await Promise.all([a.begin(batchA, records), b.begin(batchB, records)]);
    const [decA, decB] = [sessionA.decisions, sessionB.decisions];
    // Assert: each record runs in one of them and is busy in the other
    for (const record of records) {
      const pair = [decA.get(record.messageId)?.kind, decB.get(record.messageId)?.kind].sort();
      expect(pair).toEqual(["busy", "run"]);
    }
    // Act
    // Both stall past their lease (which one won each insert is a race); a redelivery takes over and commits
    const c = await deliver(guard(), at("bC", t0 + BUDGET_MS + GRACE_MS + 1), records);
    // Assert
    expect(c.ran).toHaveLength(4);
    // Act: the stalled holders finish late
    const stalled = [
      { session: sessionA, batch: batchA },
      { session: sessionB, batch: batchB },
    ].filter(({ session }) => [...session.decisions.values()].some((d) => d.kind === "run"));
    for (const { session, batch } of stalled) {
      const ran = [...session.decisions]
        .filter(([, d]) => d.kind === "run")
        .map(([id]) => outcomeOf(id, "succeeded"));
      const finished = await session.finish(ran);
      // Assert: unrecorded, and their batches stay aborted; the claim stays the redelivery's
      expect(new Set(finished.values())).toEqual(new Set(["unrecorded"]));
      expect((await item(`b#${queue}#${batch.batchId}`))?.ab).toEqual({ N: "1" });
    }
    expect((await item(`c#${queue}#g2#g0#order-0`))?.batchId).toEqual({ S: "bC" });
  });

  it("releases a failed record so that the retry runs it", async () => {
    // Arrange: a first delivery in which order-1 fails
    const { guard, at, t0 } = setup();
    const records = guardRecords(3, { groups: 1 });
    await deliver(guard(), at("b1", t0), records, (r) => (r.dedupId === "order-1" ? "failed" : "succeeded"));
    // Act: the retry
    const retry = await deliver(guard(), at("b2", t0 + 1000), records);
    // Assert
    expect(kinds(retry.decisions)).toEqual(["duplicate", "run", "duplicate"]);
    expect(retry.finished.get("m-order-1")).toBe("recorded");
  });

  it("treats a publish repeated after SQS's 5-minute window (new messageId, new batch) as duplicate", async () => {
    // Arrange: a message delivered and recorded
    const { guard, at, t0 } = setup();
    await deliver(guard(), at("b1", t0), guardRecords(1));
    // Act: published again, after SQS's window
    const again = await deliver(
      guard(),
      at("b2", t0 + 6 * 60_000),
      guardRecords(1, { messagePrefix: "new" }),
    );
    // Assert
    expect(again.decisions.get("new-order-0")).toEqual({ kind: "duplicate" });
  });

  it("runs only the first of a dedupId repeated within one batch", async () => {
    // Arrange: a record and a repeat of its dedupId
    const { guard, at, t0 } = setup();
    const [first] = guardRecords(1);
    if (!first) throw new Error("no record");
    const repeat = { ...first, messageId: "m-repeat", positionInGroup: 1 };
    // Act: both in one batch
    const once = await deliver(guard(), at("b1", t0), [first, repeat]);
    // Assert
    expect(kinds(once.decisions)).toEqual(["run", "busy"]);
    // Act: the repeat retried alone
    const retry = await deliver(guard(), at("b2", t0 + 1000), [repeat]);
    // Assert
    expect(kinds(retry.decisions)).toEqual(["duplicate"]);
  });

  it("sets the TTL attribute to now + window on claims and commits", async () => {
    // Arrange
    const { queue, guard, at, t0 } = setup();
    // Act
    await deliver(guard(), at("b1", t0), guardRecords(1));
    // Assert
    const expected = String(Math.ceil(t0 / 1000) + WINDOW_S);
    expect((await item(`c#${queue}#g2#g0#order-0`))?.expiresAt).toEqual({ N: expected });
    expect((await item(`b#${queue}#b1`))?.expiresAt).toEqual({ N: expected });
  });
});
