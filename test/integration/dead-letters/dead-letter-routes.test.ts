import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDynamoDbDeadLetterStore } from "../../../functions/adapters/dead-letters/dead-letter-store";
import { createApiHandler } from "../../../functions/api/create-api-handler";
import type { QueueRegistry } from "../../../functions/api/deps";
import type { DeadLetterStore } from "../../../functions/core/dead-letters/store";
import type { DeadLetterRecord } from "../../../functions/core/dead-letters/types";
import { type ApiEventInput, apiEvent, jsonBody } from "../../factories/api-gateway";
import { deadLetterRecordFactory, typedDeadLetterFactory } from "../../factories/dead-letters";
import { createMemoryLogger } from "../../support/memory-logger";
import { startTestStack, type TestStack, testQueueConfig } from "../../support/test-stack";

/** The fields of response bodies these tests read; the rest is checked with `toMatchObject`. */
interface Json {
  readonly items?: readonly { readonly id: string }[];
  readonly nextCursor?: string;
  readonly messageId?: string;
  readonly [field: string]: unknown;
}

describe("dead-letter routes (API handler on fauxqs + DynamoDB Local)", () => {
  let stack: TestStack;
  let store: DeadLetterStore;
  let call: (
    input: ApiEventInput,
  ) => Promise<{ status: number; body: Json; headers: Record<string, unknown> }>;

  beforeAll(async () => {
    stack = await startTestStack([testQueueConfig(), testQueueConfig({ name: "bulk" })]);
    store = createDynamoDbDeadLetterStore({ dynamo: stack.dynamo, table: stack.tables.deadLetters });
    const queues: QueueRegistry = Object.fromEntries(
      [...stack.queues.values()].map(({ provisioned }) => [
        provisioned.name,
        { url: provisioned.url, dlqUrl: provisioned.dlqUrl, contentBasedDeduplication: false },
      ]),
    );
    const deps = {
      sqs: stack.sqs,
      dynamo: stack.dynamo,
      queues,
      deadLetterTable: stack.tables.deadLetters,
      logger: createMemoryLogger(),
    };
    const handler = createApiHandler(deps);
    call = async (input) => {
      const result = await handler(apiEvent(input));
      return {
        status: result.statusCode,
        headers: result.headers ?? {},
        body: result.body ? jsonBody<Json>(result) : {},
      };
    };
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** Receives and deletes every message of the source queue, in the order SQS hands them out. */
  const drain = async (queue = "orders"): Promise<Message[]> => {
    const url = stack.queue(queue).provisioned.url;
    const received: Message[] = [];
    for (;;) {
      const { Messages = [] } = await stack.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: 10,
          MessageAttributeNames: ["All"],
          MessageSystemAttributeNames: ["All"],
        }),
      );
      if (Messages.length === 0) return received;
      received.push(...Messages);
      const Entries = Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle }));
      await stack.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries }));
    }
  };

  const seed = async (records: DeadLetterRecord[]) => {
    for (let i = 0; i < records.length; i += 25)
      await Promise.all(records.slice(i, i + 25).map((r) => store.putIfAbsent(r)));
    return records;
  };

  it("redrives one dead letter to its source queue: original group, new dedup id, original dedup id in the carrier header", async () => {
    // Arrange
    const [record] = await seed([typedDeadLetterFactory({ id: "one-1", dedupId: "order-77" })]);

    // Act
    const response = await call({ method: "POST", path: "/queues/orders/dead-letters/one-1/redrive" });

    // Assert
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ id: "one-1", status: "redriven", messageId: expect.any(String) });
    const [message, ...others] = await drain();
    expect(others).toEqual([]);
    expect(message?.MessageId).toBe(response.body.messageId);
    expect(message?.Body).toBe(`fifoq/1 {"dedupId":"order-77"}\n${record?.rawBody}`);
    expect(message?.Attributes).toMatchObject({
      MessageGroupId: "customer-7",
      MessageDeduplicationId: `fifoq-redrive-${record?.redriveToken}`,
    });
    expect(message?.MessageAttributes).toEqual({
      tenant: { DataType: "String", StringValue: "acme" },
      priority: { DataType: "Number", StringValue: "7" },
    });
    const read = await call({ path: "/queues/orders/dead-letters/one-1" });
    expect(read.body).toMatchObject({
      status: "redriven",
      redrivenMessageId: response.body.messageId,
      body: { amount: 1.5 },
    });
  });

  it("does not send again when the same dead letter is redriven a second time", async () => {
    // Arrange
    await seed([deadLetterRecordFactory({ id: "twice-1", groupId: "g-twice" })]);
    const first = await call({ method: "POST", path: "/queues/orders/dead-letters/twice-1/redrive" });

    // Act
    const second = await call({ method: "POST", path: "/queues/orders/dead-letters/twice-1/redrive" });

    // Assert
    expect(second).toMatchObject({ status: 202, body: first.body });
    expect(await drain()).toHaveLength(1);
  });

  it("lists newest first with a cursor, and refuses a bad cursor with 400 INVALID_CURSOR", async () => {
    // Arrange
    await seed(
      Array.from({ length: 5 }, (_, i) => deadLetterRecordFactory({ id: `list-${i}`, groupId: "g-list" })),
    );

    // Act
    const first = await call({
      path: "/queues/orders/dead-letters",
      query: { limit: "3", groupId: "g-list" },
    });
    const second = await call({
      path: "/queues/orders/dead-letters",
      query: { limit: "3", groupId: "g-list", cursor: first.body.nextCursor ?? "" },
    });
    const bad = await call({ path: "/queues/orders/dead-letters", query: { cursor: "bm9wZQ" } });

    // Assert
    expect(first.body.items?.map((item) => item.id)).toEqual(["list-4", "list-3", "list-2"]);
    expect(first.body.items?.[0]).not.toHaveProperty("rawBody");
    expect(second.body.items?.map((item) => item.id)).toEqual(["list-1", "list-0"]);
    expect(second.body).not.toHaveProperty("nextCursor");
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "INVALID_CURSOR" } } });
  });

  it("redrives all 250 new dead letters in per-group order, and a second call moves none", async () => {
    // Arrange
    const records = await seed(
      Array.from({ length: 250 }, (_, i) =>
        deadLetterRecordFactory({
          queue: "bulk",
          id: `all-${i}`,
          groupId: `bulk-${i % 10}`,
          rawBody: String(i),
        }),
      ),
    );

    // Act
    const first = await call({ method: "POST", path: "/queues/bulk/dead-letters/redrive" });
    const messages = await drain("bulk");
    const second = await call({ method: "POST", path: "/queues/bulk/dead-letters/redrive" });

    // Assert
    expect(first).toMatchObject({ status: 202, body: { redriven: 250 } });
    expect(messages).toHaveLength(250);
    expect(new Set(messages.map((m) => m.Attributes?.MessageDeduplicationId)).size).toBe(250);
    for (let group = 0; group < 10; group += 1) {
      const order = messages
        .filter((m) => m.Attributes?.MessageGroupId === `bulk-${group}`)
        .map((m) => Number(m.Body));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
    expect(second).toMatchObject({ status: 202, body: { redriven: 0 } });
    expect(await drain("bulk")).toEqual([]);
    expect((await store.get("bulk", records[249]?.id ?? ""))?.status).toBe("redriven");
  });

  it("redrives only one group with ?groupId=", async () => {
    // Arrange
    await seed([
      deadLetterRecordFactory({ id: "grp-a", groupId: "only-a" }),
      deadLetterRecordFactory({ id: "grp-b", groupId: "only-b" }),
    ]);

    // Act
    const response = await call({
      method: "POST",
      path: "/queues/orders/dead-letters/redrive",
      query: { groupId: "only-a" },
    });

    // Assert
    expect(response.body).toEqual({ redriven: 1 });
    expect((await drain()).map((m) => m.Attributes?.MessageGroupId)).toEqual(["only-a"]);
  });

  it("discards with 204, keeps the record readable as discarded, and then refuses to redrive it", async () => {
    // Arrange
    await seed([deadLetterRecordFactory({ id: "gone-1", groupId: "g-gone" })]);

    // Act
    const discarded = await call({ method: "DELETE", path: "/queues/orders/dead-letters/gone-1" });
    const read = await call({ path: "/queues/orders/dead-letters/gone-1" });
    const redrive = await call({ method: "POST", path: "/queues/orders/dead-letters/gone-1/redrive" });

    // Assert
    expect(discarded.status).toBe(204);
    expect(read.body).toMatchObject({ status: "discarded", discardedAt: expect.any(String) });
    expect(redrive).toMatchObject({ status: 409, body: { error: { code: "DEAD_LETTER_CONFLICT" } } });
  });

  it.each([
    ["GET", "/queues/orders/dead-letters/unknown"],
    ["POST", "/queues/orders/dead-letters/unknown/redrive"],
    ["DELETE", "/queues/orders/dead-letters/unknown"],
  ])("answers %s %s with 404 NOT_FOUND", async (method, path) => {
    // Act and assert
    expect(await call({ method, path })).toMatchObject({
      status: 404,
      body: { error: { code: "NOT_FOUND" } },
    });
  });

  it("answers an unconfigured queue with 404 QUEUE_NOT_FOUND", async () => {
    const response = await call({ path: "/queues/nope/dead-letters" });
    expect(response).toMatchObject({ status: 404, body: { error: { code: "QUEUE_NOT_FOUND" } } });
  });
});
