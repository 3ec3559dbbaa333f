import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { createDynamoDbClient } from "../../../functions/adapters/aws-clients";
import {
  createDynamoDbReleaseStore,
  createDynamoDbScheduledStore,
} from "../../../functions/adapters/scheduled/scheduled-store";
import { createGroupTurns, createRecentlySent } from "../../../functions/core/scheduled/group-turns";
import { type ReleaseDeps, releaseScheduled } from "../../../functions/core/scheduled/release";
import type { ScheduledMessage } from "../../../functions/core/scheduled/types";
import { provisionScheduledTable } from "../../../local/scheduler/provision";
import { countRequests } from "../idempotency/support";

const NOW = Date.now();
const SECOND = Math.floor(NOW / 1000) * 1000 - 5_000;

const record = (index: number, groupId: string): ScheduledMessage => ({
  id: `${NOW.toString(36).padStart(9, "0")}${randomUUID().replaceAll("-", "").slice(0, 16)}`,
  queue: "orders",
  groupId,
  dedupId: `d-${index}`,
  body: JSON.stringify({ index }),
  attributes: {},
  releaseAt: SECOND + 900 - index * 10,
  publishedAt: NOW - 60_000 + index,
  batchIndex: 0,
  state: "scheduled",
});

describe("the scheduled store's coalesced calls (DynamoDB Local)", () => {
  const dynamo = createDynamoDbClient({ endpoint: inject("dynamoDbEndpoint") });
  const requests = countRequests(dynamo);
  const table = `fifoq-scheduled-${randomUUID().slice(0, 8)}`;
  const store = createDynamoDbScheduledStore({ dynamo, table });
  const releaseStore = createDynamoDbReleaseStore({ dynamo, table });
  const ready = provisionScheduledTable(dynamo, table);

  const depsSending = (sent: string[], oneProcess = false): ReleaseDeps => ({
    ...(oneProcess ? { groupTurns: createGroupTurns(), recentlySent: createRecentlySent() } : {}),
    store: releaseStore,
    trigger: { arm: async () => undefined },
    sender: {
      send: async (r) => {
        sent.push(r.dedupId);
        return { messageId: `m-${r.dedupId}` };
      },
    },
    now: () => NOW,
    sleep: async () => undefined,
  });

  for (const turns of ["in one process's group turns", "overlapping (two containers)"]) {
    it(`releases 30 messages of one group fired at once in publish order, each once in effect (${turns})`, async () => {
      // Arrange: due in one second, published in index order; their releases fire last-published first
      await ready;
      const group = `burst-${randomUUID().slice(0, 8)}`;
      const burst = Array.from({ length: 30 }, (_, index) => record(index, group));
      for (const r of burst) await store.create(r, NOW - 60_000);
      const sent: string[] = [];
      const deps = depsSending(sent, turns.startsWith("in"));
      requests.length = 0;

      // Act
      const results = await Promise.all([...burst].reverse().map((r) => releaseScheduled(r, deps)));

      // Assert: SQS keeps the first send of a dedupId, so the first sends are the order the group sees
      const firstSends = sent.filter((dedupId, index) => sent.indexOf(dedupId) === index);
      expect(firstSends).toEqual(burst.map((r) => r.dedupId));
      if (deps.groupTurns) expect(sent).toEqual(firstSends);
      expect(results.filter((r) => r === "released").length).toBeGreaterThanOrEqual(1);
      const stored = await Promise.all(burst.map((r) => store.get(r)));
      expect(stored.every((r) => r?.state === "released" && r.sent === true)).toBe(true);
      expect(await store.dueInGroup("orders", group, "9".repeat(40))).toEqual([]);
      // one process batches the group's state changes (overlapping containers race: their count depends on timing)
      const statements = requests.filter((name) => name === "BatchExecuteStatementCommand").length;
      if (deps.groupTurns) expect(statements).toBeLessThan(burst.length * 3);
      // one process: a turn sweeps the group up to its message; the later turns find theirs in what it sent (no I/O)
      if (deps.recentlySent)
        expect(requests.filter((name) => name === "QueryCommand").length).toBeLessThan(5);
    });
  }

  it("gives one of two releases of one message in the same request the win, and sends it once", async () => {
    // Arrange
    await ready;
    const one = record(0, `twice-${randomUUID().slice(0, 8)}`);
    await store.create(one, NOW - 60_000);
    const sent: string[] = [];

    // Act
    const results = await Promise.all([
      releaseScheduled(one, depsSending(sent)),
      releaseScheduled(one, depsSending(sent)),
    ]);

    // Assert
    // (the loser answers in-flight when it finished before the winner's send: its delivery then comes back)
    expect([...results].sort()).toEqual([
      expect.stringMatching(/^(already-released|in-flight)$/),
      "released",
    ]);
    expect(sent).toEqual([one.dedupId]);
    expect((await store.get(one))?.sent).toBe(true);
  });

  it("sends every earlier due message of the group before its own when they are more than a page (100) of the due query", async () => {
    // Arrange: 130 due messages of one group, in one second in publish order; the last one's release fires first
    await ready;
    const group = `backlog-${randomUUID().slice(0, 8)}`;
    const backlog = Array.from({ length: 130 }, (_, index) => ({
      ...record(index, group),
      releaseAt: SECOND + index,
    }));
    for (const r of backlog) await store.create(r, NOW - 60_000);
    const sent: string[] = [];

    // Act
    const result = await releaseScheduled(backlog.at(-1) as ScheduledMessage, depsSending(sent));

    // Assert: none skipped, the last one last
    expect(result).toBe("released");
    expect(sent).toEqual(backlog.map((r) => r.dedupId));
  });

  it("answers not-found for an id it does not hold, and never reads a dedup item as a message", async () => {
    // Arrange
    await ready;
    const sent: string[] = [];

    // Act
    const missing = await releaseScheduled({ queue: "orders", id: "0".repeat(25) }, depsSending(sent));
    const dedupItem = await releaseScheduled({ queue: "orders", id: '~dedup#["g","d"]' }, depsSending(sent));

    // Assert
    expect([missing, dedupItem]).toEqual(["not-found", "not-found"]);
    expect(sent).toEqual([]);
  });

  it("creates concurrent publishes in shared transactions; a repeat among them or of a live holder answers the holder", async () => {
    // Arrange
    await ready;
    const group = `pub-${randomUUID().slice(0, 8)}`;
    const live = { ...record(99, group), releaseAt: NOW + 60_000 };
    await store.create(live, NOW);
    const fresh = Array.from({ length: 60 }, (_, index) => ({
      ...record(index, group),
      releaseAt: NOW + 60_000,
    }));
    const repeatInBatch = { ...record(0, group), releaseAt: NOW + 60_000 };
    const repeatOfLive = { ...record(99, group), releaseAt: NOW + 60_000 };
    requests.length = 0;

    // Act: the repeat is the second call, so it falls in the first shared transaction with its original
    const [first, repeated, ...rest] = await Promise.all(
      [fresh[0] as ScheduledMessage, repeatInBatch, ...fresh.slice(1), repeatOfLive].map((r) =>
        store.create(r, NOW),
      ),
    );

    // Assert
    const created = [first, ...rest.slice(0, -1)];
    expect(created.every((o, index) => o?.created && o.record.id === fresh[index]?.id)).toBe(true);
    expect(repeated).toMatchObject({ created: false, record: { id: fresh[0]?.id } });
    expect(rest.at(-1)).toMatchObject({ created: false, record: { id: live.id } });
    const due = await store.dueInGroup("orders", group, "9".repeat(40));
    expect(due.map((r) => r.id).sort()).toEqual([live, ...fresh].map((r) => r.id).sort());
    // one shared transaction for the first 50 (the repeat in it is left out and goes alone), the last 12 alone
    expect(requests.filter((name) => name === "TransactWriteItemsCommand").length).toBeLessThan(30);
  });
});
