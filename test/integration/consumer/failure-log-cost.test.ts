import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDynamoDbFailureLog } from "../../../functions/adapters/dead-letters/failure-log";
import { buildConsumerDeps, type ConsumerMessage, createConsumer } from "../../../functions/runtime/internal";
import { lambdaContextFactory, sqsEventFactory, sqsRecordFactory } from "../../factories/sqs";
import { createMemoryLogger } from "../../support/memory-logger";
import { countRequests, createIdempotencyTable } from "../idempotency/support";

interface Step {
  readonly step: string;
  readonly fail?: boolean;
}

const handle = async ({ body }: ConsumerMessage<Step>) => {
  if (body.fail) throw new Error(`step ${body.step} failed`);
};

const record = (groupId: string, step: string, fail = false) =>
  sqsRecordFactory({ messageId: step, groupId, dedupId: `dedup-${step}`, body: { step, fail } });

describe("failure log cost on DynamoDB Local", () => {
  let dynamo: DynamoDBClient;
  let table: string;
  let sent: string[];
  // Never contacted: nothing below is dead-lettered.
  const sqs = new SQSClient({ region: "us-east-1", endpoint: "http://127.0.0.1:9" });

  beforeAll(async () => {
    ({ dynamo, table } = await createIdempotencyTable());
    sent = countRequests(dynamo);
  });
  afterAll(() => {
    dynamo.destroy();
    sqs.destroy();
  });

  const consumerWith = (idempotencyWindowSeconds: number) =>
    createConsumer(
      { handle },
      buildConsumerDeps({
        queue: "orders",
        dlqUrl: "http://127.0.0.1:9/000000000000/orders-dlq.fifo",
        sqs,
        dynamo,
        idempotencyTable: table,
        idempotencyWindowSeconds,
        logger: createMemoryLogger(),
      }),
    );

  it("adds no request to a happy batch: begin and finish only", async () => {
    // Arrange
    const consumer = consumerWith(3600);
    sent.length = 0;

    // Act
    const response = await consumer(
      sqsEventFactory([record("A", "h1"), record("A", "h2"), record("B", "h3")]),
      lambdaContextFactory(),
    );

    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(sent).toEqual(["BatchExecuteStatementCommand", "UpdateItemCommand"]);
  });

  it("sends nothing at all on a happy batch when idempotency is off", async () => {
    // Arrange
    const consumer = consumerWith(0);
    sent.length = 0;

    // Act
    await consumer(sqsEventFactory([record("A", "o1"), record("B", "o2")]), lambdaContextFactory());

    // Assert
    expect(sent).toEqual([]);
  });

  it("writes the failures of a batch in one BatchWriteItem beside finish, readable by the recorder", async () => {
    // Arrange
    const consumer = consumerWith(3600);
    sent.length = 0;

    // Act
    const response = await consumer(
      sqsEventFactory([record("A", "f1", true), record("B", "f2", true), record("C", "f3")]),
      lambdaContextFactory(),
    );

    // Assert
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(["f1", "f2"]);
    expect(sent[0]).toBe("BatchExecuteStatementCommand");
    expect(sent.slice(1).sort()).toEqual(["BatchWriteItemCommand", "UpdateItemCommand"]);
    const log = createDynamoDbFailureLog({ dynamo, table });
    expect(await log.lookup("orders", "f2")).toMatchObject({
      dedupId: "dedup-f2",
      groupId: "B",
      attempt: 1,
      error: { name: "Error", message: "step f2 failed" },
    });
    expect(await log.lookup("orders", "f3")).toBeUndefined();
  });
});
