import { createHash } from "node:crypto";
import { type DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DedupScope } from "../../../functions/core/config/types";
import { buildConsumerDeps, createConsumer } from "../../../functions/runtime/internal";
import { lambdaContextFactory, sqsEventFactory, sqsRecordFactory } from "../../factories/sqs";
import { createMemoryLogger } from "../../support/memory-logger";
import { createIdempotencyTable } from "../idempotency/support";

/**
 * fauxqs deduplicates per queue whatever the queue's scope, so these records come from the event factories:
 * what SQS delivers to a high-throughput queue, where two groups may carry the same deduplication id.
 */
describe("the idempotency key follows the queue's deduplication scope (DynamoDB Local)", () => {
  let dynamo: DynamoDBClient;
  let table: string;
  const sqs = new SQSClient({ region: "us-east-1", endpoint: "http://127.0.0.1:9" });
  let queueNo = 0;

  const consumerFor = (dedupScope: DedupScope) => {
    queueNo += 1;
    const queue = `scope-${queueNo}`;
    const logger = createMemoryLogger();
    const ran: string[] = [];
    const deps = buildConsumerDeps({
      queue,
      dlqUrl: "http://127.0.0.1:9/000000000000/unused-dlq.fifo",
      sqs,
      dynamo,
      idempotencyTable: table,
      idempotencyWindowSeconds: 3600,
      dedupScope,
      logger,
    });
    const consumer = createConsumer({ handle: async (message) => void ran.push(message.id) }, deps);
    const outcomes = () =>
      logger.lines
        .filter((line) => line.message === "fifoq record outcome")
        .map((line) => `${line.messageId}:${line.outcome}`);
    return {
      queue,
      ran,
      outcomes,
      run: (records: Parameters<typeof sqsEventFactory>[0]) =>
        consumer(sqsEventFactory(records), lambdaContextFactory()),
    };
  };
  const record = (messageId: string, groupId: string, dedupId: string) =>
    sqsRecordFactory({ messageId, groupId, dedupId, body: { messageId } });
  const item = async (pk: string) =>
    (
      await dynamo.send(
        new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true }),
      )
    ).Item;

  beforeAll(async () => {
    ({ dynamo, table } = await createIdempotencyTable());
  });
  afterAll(() => {
    dynamo.destroy();
    sqs.destroy();
  });

  it("runs the same dedupId once per message group with high throughput, in multi-record groups", async () => {
    // Arrange: groups A and B, two records each, the same two dedupIds in both
    const consumer = consumerFor("messageGroup");
    const batch = [
      record("a1", "A", "d1"),
      record("b1", "B", "d1"),
      record("a2", "A", "d2"),
      record("b2", "B", "d2"),
    ];

    // Act: delivered, then redelivered (a lost delete)
    const first = await consumer.run(batch);
    const again = await consumer.run(batch);

    // Assert: all four ran once; each key is (queue, group, dedupId)
    expect(first.batchItemFailures).toEqual([]);
    expect(again.batchItemFailures).toEqual([]);
    expect(consumer.ran.sort()).toEqual(["a1", "a2", "b1", "b2"]);
    expect(consumer.outcomes().slice(4)).toEqual([
      "a1:duplicate",
      "b1:duplicate",
      "a2:duplicate",
      "b2:duplicate",
    ]);
    expect(await item(`c#${consumer.queue}#g1#A#d1`)).toMatchObject({ messageId: { S: "a1" } });
    expect(await item(`c#${consumer.queue}#g1#B#d1`)).toMatchObject({ messageId: { S: "b1" } });
  });

  it("runs two identical bodies in two groups under content-based deduplication (same SHA-256 dedupId)", async () => {
    // Arrange: SQS's content-based dedupId is the body's SHA-256, the same in both groups
    const consumer = consumerFor("messageGroup");
    const body = JSON.stringify({ orderId: "o-1" });
    const sha = createHash("sha256").update(body).digest("hex");
    const records = ["A", "B"].map((groupId) =>
      sqsRecordFactory({ messageId: `m-${groupId}`, groupId, dedupId: sha, rawBody: body }),
    );

    // Act
    await consumer.run(records);

    // Assert
    expect(consumer.ran.sort()).toEqual(["m-A", "m-B"]);
  });

  it("keeps group ids that contain '#' apart from dedupIds that contain it", async () => {
    // Arrange: ("a#b", "c") and ("a", "b#c") would be one key if the group were not length-prefixed
    const consumer = consumerFor("messageGroup");

    // Act
    await consumer.run([record("m1", "a#b", "c"), record("m2", "a", "b#c")]);

    // Assert
    expect(consumer.ran.sort()).toEqual(["m1", "m2"]);
  });

  it("treats the same dedupId in another group as the same message without high throughput", async () => {
    // Arrange: the queue deduplicates per queue; the second batch repeats d1 in group B
    const consumer = consumerFor("queue");

    // Act
    await consumer.run([record("a1", "A", "d1"), record("a2", "A", "d2")]);
    await consumer.run([record("b1", "B", "d1"), record("b2", "B", "d3")]);

    // Assert
    expect(consumer.ran).toEqual(["a1", "a2", "b2"]);
    expect(consumer.outcomes()).toContain("b1:duplicate");
    expect(await item(`c#${consumer.queue}#q#d1`)).toMatchObject({ messageId: { S: "a1" } });
  });
});
