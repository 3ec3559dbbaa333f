import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { createDynamoDbClient } from "../../../functions/adapters/aws-clients";
import {
  createDynamoDbReleaseStore,
  createDynamoDbScheduledStore,
} from "../../../functions/adapters/scheduled/scheduled-store";
import { cancelScheduled } from "../../../functions/core/scheduled/cancel";
import { releaseScheduled } from "../../../functions/core/scheduled/release";
import type { ScheduledMessage } from "../../../functions/core/scheduled/types";
import { provisionScheduledTable } from "../../../local/scheduler/provision";

const NOW = Date.now();

const record = (overrides: Partial<ScheduledMessage> = {}): ScheduledMessage => ({
  id: `${NOW.toString(36).padStart(9, "0")}${randomUUID().replaceAll("-", "").slice(0, 16)}`,
  queue: "orders",
  groupId: "g",
  dedupId: randomUUID(),
  body: '{"n":1}',
  attributes: Object.fromEntries([
    ["__proto__", "ordinary"],
    ["k", "v"],
  ]),
  releaseAt: NOW + 60_000,
  publishedAt: NOW,
  batchIndex: 0,
  state: "scheduled",
  ...overrides,
});

describe("the DynamoDB scheduled store (DynamoDB Local)", () => {
  const dynamo = createDynamoDbClient({ endpoint: inject("dynamoDbEndpoint") });
  const table = `fifoq-scheduled-${randomUUID().slice(0, 8)}`;
  const store = createDynamoDbScheduledStore({ dynamo, table });
  const releaseStore = createDynamoDbReleaseStore({ dynamo, table });
  const ready = provisionScheduledTable(dynamo, table);

  it("stores one record per live (queue, group, dedupId) and answers the holder to a repeat", async () => {
    // Arrange
    await ready;
    const first = record();

    // Act
    const created = await store.create(first, NOW);
    const repeat = await store.create(record({ dedupId: first.dedupId }), NOW);
    const otherGroup = await store.create(record({ dedupId: first.dedupId, groupId: "h" }), NOW);

    // Assert
    expect(created).toEqual({ created: true, record: first });
    expect(repeat).toMatchObject({ created: false, record: { id: first.id } });
    expect(otherGroup.created).toBe(true);
    expect(Object.getPrototypeOf((await store.get(first))?.attributes)).toBeNull();
    expect((await store.get(first))?.attributes.__proto__).toBe("ordinary");
  });

  it("lets a publish after a cancel, or after the release time, take the dedup key over", async () => {
    // Arrange
    await ready;
    const cancelled = record();
    const due = record({ releaseAt: NOW + 1_000 });
    await store.create(cancelled, NOW);
    await store.create(due, NOW);
    await store.transition(cancelled, "cancelled", NOW);

    // Act
    const afterCancel = await store.create(record({ dedupId: cancelled.dedupId }), NOW);
    const afterDue = await store.create(record({ dedupId: due.dedupId }), NOW + 1_000);

    // Assert
    expect(afterCancel.created).toBe(true);
    expect(afterDue.created).toBe(true);
  });

  it("gives a cancel racing the release exactly one winner, over many races", async () => {
    // Arrange
    await ready;
    const sent: string[] = [];
    const deps = {
      store: releaseStore,
      trigger: { arm: async () => undefined },
      sender: { send: async (r: ScheduledMessage) => ({ messageId: `m-${sent.push(r.id)}` }) },
      now: () => NOW + 2_000,
      sleep: async () => undefined,
    };
    const races = Array.from({ length: 20 }, (_, index) =>
      record({ groupId: `race-${index}`, releaseAt: NOW + 1_000 }),
    );
    await Promise.all(races.map((r) => store.create(r, NOW)));

    // Act
    const outcomes = await Promise.all(
      races.map(async (r) => {
        const [cancel, release] = await Promise.all([
          cancelScheduled(r, { store, now: deps.now }).then(
            () => "cancelled",
            (error: Error) => error.name,
          ),
          releaseScheduled(r, deps),
        ]);
        return { cancel, release, state: (await store.get(r))?.state };
      }),
    );

    // Assert
    for (const outcome of outcomes) {
      if (outcome.state === "cancelled")
        expect(outcome).toEqual({ cancel: "cancelled", release: "cancelled", state: "cancelled" });
      else
        expect(outcome).toEqual({ cancel: "AlreadyReleasedError", release: "released", state: "released" });
    }
    expect(sent.length).toBe(outcomes.filter((o) => o.state === "released").length);
  });

  it("finds a group's unsent due messages in due order, and pages the queue's list without dedup items", async () => {
    // Arrange: early and late fall due in the same second (publish order decides), next in the one after
    await ready;
    const queue = `q-${randomUUID().slice(0, 8)}`;
    const second = Math.floor(NOW / 1000) * 1000 + 10_000;
    const late = record({ queue, releaseAt: second + 500, publishedAt: NOW + 2 });
    const early = record({ queue, releaseAt: second + 900, publishedAt: NOW + 1 });
    const next = record({ queue, releaseAt: second + 1_000 });
    for (const r of [late, early, next]) await store.create(r, NOW);

    // Act
    const due = await store.dueInGroup(queue, "g", "9".repeat(40));
    const first = await store.list(queue, 2, undefined);
    const rest = await store.list(queue, 2, first.nextCursor);

    // Assert
    expect(due.map((r) => r.id)).toEqual([early.id, late.id, next.id]);
    expect(first.items).toHaveLength(2);
    expect(rest.items).toHaveLength(1);
    expect([...first.items, ...rest.items].map((r) => r.id).sort()).toEqual(
      [late, early, next].map((r) => r.id).sort(),
    );
  });
});
