import { describe, expect, it } from "vitest";
import { createDynamoDbDeadLetterStore } from "../../../functions/adapters/dead-letters/dead-letter-store";
import { deadLetterRecordFactory } from "../../factories/dead-letters";
import { testQueueConfig } from "../../support/test-stack";
import { useApi } from "../api/api-harness";

/**
 * Issue 17 class 4: a redrive and a discard of one dead letter never both take effect. A conditional state
 * change decides the winner BEFORE anything is sent; the loser answers 409 DEAD_LETTER_CONFLICT.
 */
describe("redrive racing discard (API handler on fauxqs + DynamoDB Local)", () => {
  const api = useApi([testQueueConfig()]);
  const store = () =>
    createDynamoDbDeadLetterStore({ dynamo: api().stack.dynamo, table: api().stack.tables.deadLetters });

  it("tells both callers the truth: the message is sent if and only if the redrive won", async () => {
    // Arrange: 16 dead letters, each in its own group
    const records = Array.from({ length: 16 }, (_, n) =>
      deadLetterRecordFactory({ id: `race-${n}`, groupId: `g-race-${n}` }),
    );
    for (const record of records) await store().putIfAbsent(record);

    // Act: redrive and discard each one at the same time
    const outcomes = await Promise.all(
      records.map(async (record) => {
        const path = `/queues/orders/dead-letters/${record.id}`;
        const [redrive, discard] = await Promise.all([
          api().call({ method: "POST", path: `${path}/redrive` }),
          api().call({ method: "DELETE", path }),
        ]);
        return { id: record.id, redrive: redrive.status, discard: discard.status };
      }),
    );
    const sent = await api().drain("orders");

    // Assert
    const sentGroups = new Set(sent.map((message) => message.Attributes?.MessageGroupId));
    for (const outcome of outcomes) {
      const stored = await store().get("orders", outcome.id);
      const redriveWon = outcome.redrive === 202;
      expect([outcome.redrive, outcome.discard].sort()).toEqual(redriveWon ? [202, 409] : [204, 409]);
      expect(stored?.status).toBe(redriveWon ? "redriven" : "discarded");
      expect(sentGroups.has(`g-race-${outcome.id.slice("race-".length)}`)).toBe(redriveWon);
    }
    expect(sent).toHaveLength(outcomes.filter((outcome) => outcome.redrive === 202).length);
  });

  it("finishes a redrive that crashed between its claim and its send, with the same dedup id", async () => {
    // Arrange: a record left `redriving` (the claim landed, the process died before the send)
    const record = deadLetterRecordFactory({ id: "crashed-1", groupId: "g-crashed" });
    await store().putIfAbsent(record);
    const claimed = await store().claimRedrive("orders", record.id, new Date().toISOString());
    expect(claimed.kind).toBe("changed");

    // Act
    const discard = await api().call({ method: "DELETE", path: `/queues/orders/dead-letters/${record.id}` });
    const retry = await api().call<{ messageId: string }>({
      method: "POST",
      path: `/queues/orders/dead-letters/${record.id}/redrive`,
    });
    const again = await api().call<{ messageId: string }>({
      method: "POST",
      path: `/queues/orders/dead-letters/${record.id}/redrive`,
    });

    // Assert
    expect(discard).toMatchObject({ status: 409, body: { error: { code: "DEAD_LETTER_CONFLICT" } } });
    expect(retry.status).toBe(202);
    expect(again).toMatchObject({ status: 202, body: { messageId: retry.body.messageId } });
    const sent = await api().drain("orders");
    expect(sent.map((message) => message.MessageId)).toEqual([retry.body.messageId]);
    expect((await store().get("orders", record.id))?.status).toBe("redriven");
  });
});
