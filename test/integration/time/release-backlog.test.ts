import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { createDynamoDbClient } from "../../../functions/adapters/aws-clients";
import {
  createDynamoDbReleaseStore,
  createDynamoDbScheduledStore,
} from "../../../functions/adapters/scheduled/scheduled-store";
import { type ReleaseDeps, releaseScheduled } from "../../../functions/core/scheduled/release";
import type { ScheduledMessage } from "../../../functions/core/scheduled/types";
import { provisionScheduledTable } from "../../../local/scheduler/provision";

const NOW = Date.now();
const SECOND = Math.floor(NOW / 1000) * 1000 - 5_000;

/** One group's messages due in one second, published in index order. */
const record = (index: number, groupId: string): ScheduledMessage => ({
  id: `${NOW.toString(36).padStart(9, "0")}${randomUUID().replaceAll("-", "").slice(0, 16)}`,
  queue: "orders",
  groupId,
  dedupId: `d-${index}`,
  body: JSON.stringify({ index }),
  attributes: {},
  releaseAt: SECOND + index,
  publishedAt: NOW - 60_000 + index,
  batchIndex: 0,
  state: "scheduled",
});

describe("a release behind a group backlog longer than one page of the due query (DynamoDB Local)", () => {
  const dynamo = createDynamoDbClient({ endpoint: inject("dynamoDbEndpoint") });
  const table = `fifoq-scheduled-${randomUUID().slice(0, 8)}`;
  const store = createDynamoDbScheduledStore({ dynamo, table });
  const ready = provisionScheduledTable(dynamo, table);

  it("sends every earlier due message of the group before its own, none skipped", async () => {
    // Arrange: 130 due messages of one group; the last one's release fires first
    await ready;
    const group = `backlog-${randomUUID().slice(0, 8)}`;
    const backlog = Array.from({ length: 130 }, (_, index) => record(index, group));
    for (const r of backlog) await store.create(r, NOW - 60_000);
    const sent: string[] = [];
    const deps: ReleaseDeps = {
      store: createDynamoDbReleaseStore({ dynamo, table }),
      trigger: { arm: async () => undefined },
      sender: {
        send: async (r) => {
          sent.push(r.dedupId);
          return { messageId: `m-${r.dedupId}` };
        },
      },
      now: () => NOW,
      sleep: async () => undefined,
    };

    // Act
    const result = await releaseScheduled(backlog.at(-1) as ScheduledMessage, deps);

    // Assert: the queue got the whole backlog in publish order, the last message last
    expect(result).toBe("released");
    expect(sent).toEqual(backlog.map((r) => r.dedupId));
  });
});
