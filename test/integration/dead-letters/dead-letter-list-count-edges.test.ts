import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { toItem } from "../../../functions/adapters/dead-letters/dead-letter-item";
import { createDynamoDbDeadLetterStore } from "../../../functions/adapters/dead-letters/dead-letter-store";
import type { PayloadStore } from "../../../functions/core/payloads/payload-store";
import { withinResponseLimit } from "../../../local/functions/lambda-limits";
import { deadLetterRecordFactory, dlqRecordFactory } from "../../factories/dead-letters";
import { sqsEventFactory } from "../../factories/sqs";
import { createMemoryLogger } from "../../support/memory-logger";
import { createResponseValidator } from "../../support/openapi-validator";
import { stackRecorder, testQueueConfig } from "../../support/test-stack";
import { useApi } from "../api/api-harness";

/** Dead-letter listing and counting edges (issue 17), against the real emulators. */
describe("dead-letter list and count edges (fauxqs SQS + S3 and DynamoDB Local)", () => {
  const api = useApi([testQueueConfig()]);
  const logger = createMemoryLogger();
  const storeWith = (payloads: PayloadStore) =>
    createDynamoDbDeadLetterStore({
      dynamo: api().stack.dynamo,
      table: api().stack.tables.deadLetters,
      payloads,
    });

  it("lists a page of large dead letters within Lambda's 6 MB response limit", async () => {
    // Arrange: 8 dead letters of ~900 KB each, as any producer can make them (the API accepts 1 MiB)
    const records = Array.from({ length: 8 }, (_, n) =>
      dlqRecordFactory({ body: { text: "z".repeat(900_000), n }, groupId: `g-size-${n}` }),
    );
    await stackRecorder(api().stack, logger)(sqsEventFactory(records));

    // Act: the console's (and `fifoq dlq list`'s) default page of 20
    const listed = await api().call<{ items: unknown[]; nextCursor?: string }>({
      path: "/queues/orders/dead-letters",
    });
    const rest = await api().call<{ items: unknown[] }>({
      path: "/queues/orders/dead-letters",
      query: { cursor: listed.body.nextCursor ?? "" },
    });

    // Assert: a short page with a cursor, and the next page goes on with the rest
    expect(listed.status).toBe(200);
    // Lambda's response carries the body as a JSON string: over its limit, API Gateway answers 502
    expect(() => withinResponseLimit({ statusCode: 200, body: JSON.stringify(listed.body) })).not.toThrow();
    expect(listed.body.items.length).toBeLessThan(8);
    expect(listed.body.items.length + rest.body.items.length).toBeGreaterThanOrEqual(8);
  });

  it("still lists a queue's dead letters when one offloaded record's payload object is gone", async () => {
    // Arrange: S3 expires objects 31 days after their put; DynamoDB deletes an expired record days after
    // its TTL (and the query does not filter expired items). A store whose put never lands simulates that.
    const lostPut: PayloadStore = { put: async () => undefined, get: (key) => api().stack.payloads.get(key) };
    const gone = deadLetterRecordFactory({
      id: "gone-1",
      groupId: "g-gone",
      rawBody: `"${"q".repeat(400_000)}"`,
    });
    await storeWith(lostPut).putIfAbsent(gone);
    const kept = deadLetterRecordFactory({ id: "kept-1", groupId: "g-gone" });
    await storeWith(api().stack.payloads).putIfAbsent(kept);

    // Act
    const listed = await api().call<{ items: { id: string; bodyTruncated?: boolean }[] }>({
      path: "/queues/orders/dead-letters",
      query: { groupId: "g-gone" },
    });

    // Assert
    expect(listed.status, JSON.stringify(listed.body).slice(0, 300)).toBe(200);
    expect(listed.body.items.map((item) => item.id).sort()).toEqual(["gone-1", "kept-1"]);
    expect(listed.body.items.find((item) => item.id === "gone-1")).toMatchObject({ bodyTruncated: true });
    expect(createResponseValidator()("GET", "/queues/{queue}/dead-letters", 200, listed.body)).toEqual([]);
  });

  it("leaves out a dead letter past its TTL that DynamoDB has not deleted yet", async () => {
    // Arrange
    const expired = deadLetterRecordFactory({ id: "expired-1", groupId: "g-ttl" });
    const item = toItem(expired, Math.floor(Date.now() / 1000) - 60);
    await api().stack.dynamo.send(
      new PutItemCommand({ TableName: api().stack.tables.deadLetters, Item: item }),
    );
    await storeWith(api().stack.payloads).putIfAbsent(
      deadLetterRecordFactory({ id: "live-1", groupId: "g-ttl" }),
    );

    // Act
    const listed = await api().call<{ items: { id: string }[] }>({
      path: "/queues/orders/dead-letters",
      query: { groupId: "g-ttl" },
    });

    // Assert
    expect(listed.body.items.map((entry) => entry.id)).toEqual(["live-1"]);
  });

  it("counts a dead letter whose redrive claimed it but never sent it (GET /queues shows it)", async () => {
    // Arrange: claim taken, then the send failed (SQS error, S3 put of the claim check failed, timeout)
    const store = storeWith(api().stack.payloads);
    const stuck = deadLetterRecordFactory({
      id: "stuck-1",
      queue: "orders",
      deadLetteredAt: new Date().toISOString(),
    });
    const before = await store.countNew("orders");
    await store.putIfAbsent(stuck);
    await store.claimRedrive("orders", "stuck-1", new Date().toISOString());

    // Act
    const after = await store.countNew("orders");

    // Assert: nothing was sent; the operator must still see one dead letter to act on (discard answers 409)
    expect(after).toBe(before + 1);
  });

  it("takes a redriving dead letter out of the count once it is marked redriven", async () => {
    // Arrange
    const store = storeWith(api().stack.payloads);
    const at = new Date().toISOString();
    const before = await store.countNew("orders");
    await store.putIfAbsent(deadLetterRecordFactory({ id: "sent-1", queue: "orders", deadLetteredAt: at }));
    await store.claimRedrive("orders", "sent-1", at);

    // Act
    await store.markRedriven("orders", "sent-1", { messageId: "m-new", at });

    // Assert
    expect(await store.countNew("orders")).toBe(before);
  });

  it("keeps the count right after a dead letter recorded before the counters existed is discarded", async () => {
    // Arrange: a `new` record written by the previous version (a plain put, no counter), then two new ones
    const store = storeWith(api().stack.payloads);
    const at = new Date().toISOString();
    const legacy = deadLetterRecordFactory({ id: "legacy-1", queue: "events", deadLetteredAt: at });
    const item = toItem(legacy, Math.floor(Date.now() / 1000) + 3600);
    await api().stack.dynamo.send(
      new PutItemCommand({ TableName: api().stack.tables.deadLetters, Item: item }),
    );
    await store.markDiscarded("events", "legacy-1", at);

    // Act
    for (const id of ["fresh-1", "fresh-2"])
      await store.putIfAbsent(deadLetterRecordFactory({ id, queue: "events", deadLetteredAt: at }));

    // Assert: two `new` dead letters; the legacy record's discard must not take one of them away
    expect(await store.countNew("events")).toBe(2);
  });
});
