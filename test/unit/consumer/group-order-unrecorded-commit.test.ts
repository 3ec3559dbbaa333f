/**
 * A regression test (the bug is fixed): the group rule broke when a record's completion turns out unrecorded at
 * `finish` while a LATER record of its group already committed through its own transaction. The earlier
 * record is reported failed (SQS redelivers it), the later one is acknowledged (deleted): the partial batch
 * response has a hole in the group, and the earlier record's retry (a take-over once the lease is over) runs
 * after its successor's effect. The contract: "When a record fails, the rest of its group in the batch is not
 * run and is returned as failed."
 */
import { describe, expect, it } from "vitest";
import type { ConsumerDefinition } from "../../../functions/core/consumer/types";
import { StoreUnavailableError } from "../../../functions/core/idempotency/errors";
import { sqsRecordFactory } from "../../factories/sqs";
import { harness } from "../idempotency/support";
import { consumerHarness, failedIds } from "./fakes";

interface Step {
  readonly step: string;
  readonly stage?: boolean;
}

const record = (step: string, stage = false) =>
  sqsRecordFactory({ messageId: step, groupId: "A", dedupId: `dedup-${step}`, body: { step, stage } });

describe("group order when a batch commit is not written", () => {
  it("reports a later record of the group failed when an earlier one's completion is unrecorded", async () => {
    // Arrange: the batch commit (UpdateItem) is throttled on every attempt; transactions go through
    const h = harness({ clock: Date.now });
    h.store.failNext("commit", new StoreUnavailableError("commit", "ThrottlingException"), 20);
    const effects: string[] = [];
    const definition: ConsumerDefinition<Step, void> = {
      handle: async ({ body }, context) => {
        effects.push(body.step);
        if (body.stage) context.transaction.put({ TableName: "ledger", Item: { pk: { S: body.step } } });
      },
    };
    const consumer = consumerHarness(definition, { guard: h.guard(), effectTables: ["ledger"] });

    // Act: a1 (plain effect, joins the batch commit), then a2 (staged writes, its own transaction)
    const response = await consumer.run([record("a1"), record("a2", true)]);

    // Assert: a1 is reported failed (its commit was not written) and a2's transaction was applied...
    expect(effects).toEqual(["a1", "a2"]);
    expect(h.memory.applied.map((t) => t.key)).toHaveLength(1);
    expect(failedIds(response)).toContain("a1");
    // ...so the group rule requires a2 to be returned as failed too (its redelivery is a duplicate: harmless)
    expect(failedIds(response)).toEqual(["a1", "a2"]);
  });
});
