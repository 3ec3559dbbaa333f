import { describe, expect, it } from "vitest";
import type { FailureLog, FailureRecord } from "../../../functions/core/dead-letters/failure-log";
import { queueFromDlqArn } from "../../../functions/core/dead-letters/queue-name";
import { createDeadLetterRecorder } from "../../../functions/core/dead-letters/recorder";
import {
  createMemoryDeadLetterStore,
  dlqRecordFactory,
  failureRecordFactory,
} from "../../factories/dead-letters";
import { sqsEventFactory } from "../../factories/sqs";
import { createMemoryLogger } from "../../support/memory-logger";

const memoryFailureLog = (entries: FailureRecord[] = []): FailureLog & { lookups: string[] } => {
  const lookups: string[] = [];
  return {
    lookups,
    record: async (failures) => {
      entries.push(...failures);
    },
    lookup: async (queue, messageId) => {
      lookups.push(messageId);
      return entries.findLast((entry) => entry.queue === queue && entry.messageId === messageId);
    },
  };
};

const setup = (entries: FailureRecord[] = []) => {
  const store = createMemoryDeadLetterStore();
  const failureLog = memoryFailureLog(entries);
  const logger = createMemoryLogger();
  const recorder = createDeadLetterRecorder({
    store,
    failureLog,
    logger,
    now: () => Date.parse("2026-03-01T10:05:00Z"),
  });
  return { store, failureLog, logger, recorder };
};

describe("queueFromDlqArn", () => {
  it.each([
    ["arn:aws:sqs:eu-west-1:123456789012:orders-dlq.fifo", "orders"],
    ["arn:aws:sqs:us-east-1:000000000000:my-queue-2-dlq.fifo", "my-queue-2"],
    ["arn:aws:sqs:us-east-1:123456789012:orders.fifo", undefined],
    [undefined, undefined],
  ])("%s → %s", (arn, queue) => {
    expect(queueFromDlqArn(arn)).toBe(queue);
  });
});

describe("createDeadLetterRecorder", () => {
  it("finds the failure entry of a runtime-sent dead letter by its dedup id (the original message id)", async () => {
    // Arrange
    const failure = failureRecordFactory({ messageId: "orig-1", dedupId: "order-1", groupId: "g" });
    const { store, failureLog, recorder } = setup([failure]);
    const record = dlqRecordFactory({ messageId: "copy-1", dedupId: "orig-1", groupId: "g" });

    // Act
    const response = await recorder(sqsEventFactory([record]));

    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(failureLog.lookups).toEqual(["copy-1", "orig-1"]);
    expect(store.records.get("orig-1")).toMatchObject({
      dedupId: "order-1",
      lastError: { message: failure.error.message },
    });
  });

  it("gives every dead letter its own unguessable redrive token", async () => {
    // Arrange
    const { store, recorder } = setup();
    const records = [1, 2].map((n) => dlqRecordFactory({ messageId: `m-${n}`, groupId: `g-${n}` }));

    // Act
    await recorder(sqsEventFactory(records));

    // Assert
    const tokens = ["m-1", "m-2"].map((id) => store.records.get(id)?.redriveToken);
    expect(tokens).toEqual([
      expect.stringMatching(/^[0-9a-f]{32}$/),
      expect.stringMatching(/^[0-9a-f]{32}$/),
    ]);
    expect(tokens[0]).not.toBe(tokens[1]);
  });

  it("ignores a failure entry of another group (a dedup id that happens to equal another message id)", async () => {
    // Arrange
    const { store, recorder } = setup([failureRecordFactory({ messageId: "x-1", groupId: "other" })]);
    const record = dlqRecordFactory({ messageId: "m-9", dedupId: "x-1", groupId: "g" });

    // Act
    await recorder(sqsEventFactory([record]));

    // Assert
    expect(store.records.get("m-9")).toMatchObject({ dedupId: "x-1", lastError: null });
  });

  it("writes one log line per record and reports the ones it could not store", async () => {
    // Arrange
    const { store, logger, recorder } = setup();
    const good = dlqRecordFactory({ messageId: "ok-1", groupId: "g1" });
    const bad = dlqRecordFactory({ messageId: "bad-1", groupId: "g2" });
    const putIfAbsent = store.putIfAbsent;
    store.putIfAbsent = async (record) => {
      if (record.id === "bad-1") throw new Error("throttled");
      return putIfAbsent(record);
    };

    // Act
    const response = await recorder(
      sqsEventFactory([good, bad, { ...good, attributes: { ...good.attributes, MessageGroupId: "g3" } }]),
    );

    // Assert
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: "bad-1" }]);
    expect(logger.lines.map((line) => line.outcome).sort()).toEqual(["duplicate", "failed", "recorded"]);
    expect(logger.lines.find((line) => line.outcome === "failed")).toMatchObject({
      queue: "orders",
      error: { name: "Error", message: "throttled" },
    });
  });

  it("holds back the rest of a group after a record of it could not be stored, keeping the DLQ's order", async () => {
    // Arrange
    const { store, logger, recorder } = setup();
    const [first, second, third] = ["m-1", "m-2", "m-3"].map((messageId) =>
      dlqRecordFactory({ messageId, groupId: "g" }),
    );
    const putIfAbsent = store.putIfAbsent;
    store.putIfAbsent = async (record) => {
      if (record.id === "m-2") throw new Error("throttled");
      return putIfAbsent(record);
    };

    // Act
    const response = await recorder(sqsEventFactory([first, second, third].filter((r) => r !== undefined)));

    // Assert
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: "m-2" }, { itemIdentifier: "m-3" }]);
    expect(await store.get("orders", "m-3")).toBeUndefined();
    expect(logger.lines.map((line) => line.outcome)).toEqual(["recorded", "failed", "skipped"]);
  });

  it("stamps deadLetteredAt in batch order even when an earlier record's lookup is slower", async () => {
    // Arrange: the first record needs two failure-log lookups (runtime-sent), the second one (SQS-moved)
    const { store, recorder } = setup();
    const sentByRuntime = dlqRecordFactory({ messageId: "dlq-1", groupId: "g", dedupId: "orig-1" });
    const movedBySqs = dlqRecordFactory({ messageId: "m-2", groupId: "g" });

    // Act
    await recorder(sqsEventFactory([sentByRuntime, movedBySqs]));

    // Assert
    const first = await store.get("orders", "dlq-1");
    const second = await store.get("orders", "m-2");
    expect(first?.deadLetteredAt.localeCompare(second?.deadLetteredAt ?? "")).toBe(-1);
  });

  it("records under its configured queue, not the stack-prefixed name in the DLQ's ARN", async () => {
    // Arrange: in AWS the DLQ is <stack>-<name>-dlq.fifo; `dev-orders` would pass for a queue name
    const store = createMemoryDeadLetterStore();
    const recorder = createDeadLetterRecorder({
      store,
      failureLog: memoryFailureLog(),
      logger: createMemoryLogger(),
      queue: "orders",
    });
    const record = dlqRecordFactory({ messageId: "m-1", groupId: "g", queueName: "dev-orders-dlq.fifo" });

    // Act
    await recorder(sqsEventFactory([record]));

    // Assert
    expect(store.records.get("m-1")).toMatchObject({ queue: "orders" });
  });

  it("fails a record whose source queue it cannot tell", async () => {
    // Arrange
    const { recorder } = setup();
    const record = {
      ...dlqRecordFactory({ messageId: "m-1", groupId: "g" }),
      eventSourceARN: "arn:aws:sqs:x:1:weird",
    };

    // Act
    const response = await recorder(sqsEventFactory([record]));

    // Assert
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: "m-1" }]);
  });
});
