import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import {
  ConflictError,
  type DeadLetter,
  FifoqClient,
  ForbiddenError,
  NotFoundError,
  QueueNotFoundError,
} from "../../../client/src/index.js";
import { type SpawnedStack, spawnLocalStack } from "../../support/spawn-local-stack";

const QUEUE = "client-orders";
const CONFIG = fileURLToPath(new URL("./fixtures/client.config.ts", import.meta.url));

describe("@fifoq/client against a spawned local stack (npm start)", () => {
  let stack: SpawnedStack;
  let producer: FifoqClient;
  let operator: FifoqClient;

  beforeAll(async () => {
    stack = await spawnLocalStack({
      config: CONFIG,
      env: { FIFOQ_DYNAMODB_ENDPOINT: inject("dynamoDbEndpoint") },
    });
    producer = new FifoqClient({ url: stack.url, apiKey: stack.apiKey });
    operator = new FifoqClient({ url: stack.url, apiKey: stack.operatorKey });
  }, 150_000);
  afterAll(() => stack?.stop());

  /** Poison messages: the orders consumer dead-letters a negative amount at once (PermanentError). */
  const poison = async (groupId: string, count: number) => {
    const run = randomUUID().slice(0, 8);
    const messages = Array.from({ length: count }, (_, index) => ({
      body: { orderId: `${run}-${index}`, amount: -1 - index },
      groupId,
      dedupId: `${run}-${index}`,
      attributes: { source: "client-test" },
    }));
    const result = await producer.publishBatch(QUEUE, messages);
    expect(result.failed).toBe(0);
    return result.results.map((entry) => ("messageId" in entry ? entry.messageId : ""));
  };

  const newDeadLetters = (groupId: string, count: number) =>
    vi.waitFor(
      async () => {
        const page = await operator.listDeadLetters(QUEUE, { groupId, status: "new", limit: 100 });
        expect(page.items.length).toBeGreaterThanOrEqual(count);
        return page.items as DeadLetter[];
      },
      { timeout: 30_000, interval: 200 },
    );

  it("publishes one message and reads the queues", async () => {
    // Act
    const result = await producer.publish(QUEUE, {
      body: { orderId: "o-1", amount: 1 },
      groupId: "g-one",
      dedupId: randomUUID(),
    });
    const queues = await producer.queues();

    // Assert
    expect(result).toMatchObject({ queue: QUEUE, groupId: "g-one", messageId: expect.any(String) });
    expect(queues).toEqual([
      {
        name: QUEUE,
        depth: expect.any(Number),
        inFlight: expect.any(Number),
        deadLetters: expect.any(Number),
      },
    ]);
  });

  it("publishes 450 messages of 6 groups in requests of ≤ 100, each group accepted in its order", async () => {
    // Arrange: 450 messages in 6 groups
    const run = randomUUID().slice(0, 8);
    const messages = Array.from({ length: 450 }, (_, index) => ({
      body: { orderId: `${run}-${index}`, amount: index },
      groupId: `${run}-g${index % 6}`,
      dedupId: `${run}-${index}`,
    }));

    // Act
    const result = await producer.publishBatch(QUEUE, messages, { concurrency: 3 });

    // Assert: all accepted, and each group's sequence numbers rise in publish order
    expect(result).toMatchObject({ accepted: 450, failed: 0 });
    for (let group = 0; group < 6; group += 1) {
      const sequence = result.results
        .filter((entry) => entry.index % 6 === group)
        .map((entry) => ("sequenceNumber" in entry ? BigInt(entry.sequenceNumber) : -1n));
      expect(sequence.every((value, index) => index === 0 || value > (sequence[index - 1] ?? 0n))).toBe(true);
    }
  });

  it("sends a batch with a 1.6 MB entry in one request beside small ones, and the consumer gets that entry whole", async () => {
    // Arrange: one group: an order, a 1.6 MB order the consumer dead-letters (negative amount), an order
    const run = randomUUID().slice(0, 8);
    const group = `large-${run}`;
    const large = { orderId: `${run}-large`, amount: -1, padding: "é".repeat(800_000) };
    const messages = [{ orderId: `${run}-0`, amount: 1 }, large, { orderId: `${run}-2`, amount: 2 }].map(
      (body) => ({ body, groupId: group, dedupId: body.orderId }),
    );
    const requests: number[] = [];
    const counting = new FifoqClient({
      url: stack.url,
      apiKey: stack.apiKey,
      fetch: (input, init) => {
        requests.push(new TextEncoder().encode(String(init?.body ?? "")).length);
        return fetch(input, init);
      },
    });

    // Act
    const result = await counting.publishBatch(QUEUE, messages);
    const [letter] = await newDeadLetters(group, 1);
    const whole = await operator.getDeadLetter(QUEUE, letter?.id ?? "");

    // Assert
    expect(result).toMatchObject({ accepted: 3, failed: 0 });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toBeGreaterThan(1_600_000);
    expect(whole.body).toEqual(large);
    expect(whole.lastError?.message).toContain(`order ${run}-large`);
  });

  it("without a dedupId, publishing the same body twice gives the same content-based dedup id", async () => {
    // Arrange
    const message = { body: { orderId: randomUUID(), amount: 3 }, groupId: "g-content" };

    // Act
    const first = await producer.publish(QUEUE, message);
    const second = await producer.publish(QUEUE, message);

    // Assert
    expect(second.dedupId).toBe(first.dedupId);
    expect(first.dedupId).toMatch(/^[0-9a-f]{64}$/);
  });

  it("lists, reads, redrives and discards dead letters; redriving a discarded one is a ConflictError", async () => {
    // Arrange: two dead letters of one group
    const group = `poison-${randomUUID().slice(0, 8)}`;
    const ids = await poison(group, 2);
    await newDeadLetters(group, 2);

    // Act
    const letter = await operator.getDeadLetter(QUEUE, ids[0] ?? "");
    const redriven = await operator.redriveDeadLetter(QUEUE, ids[0] ?? "");
    await operator.discardDeadLetter(QUEUE, ids[1] ?? "");
    const discarded = await operator.getDeadLetter(QUEUE, ids[1] ?? "");
    const conflict = await operator.redriveDeadLetter(QUEUE, ids[1] ?? "").catch((error: unknown) => error);

    // Assert
    expect(letter).toMatchObject({
      id: ids[0],
      groupId: group,
      status: "new",
      attributes: { source: "client-test" },
    });
    expect(letter.lastError).toMatchObject({
      name: "PermanentError",
      message: expect.stringContaining("must not be negative"),
    });
    expect(redriven).toMatchObject({ id: ids[0], status: "redriven", messageId: expect.any(String) });
    expect(discarded.status).toBe("discarded");
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict).toMatchObject({ code: "DEAD_LETTER_CONFLICT", status: 409 });
  });

  it("redrives all of one group, then never sends those again", async () => {
    // Arrange: three dead letters of one group
    const group = `poison-${randomUUID().slice(0, 8)}`;
    await poison(group, 3);
    const ids = (await newDeadLetters(group, 3)).map((letter) => letter.id);
    const read = () => Promise.all(ids.map((id) => operator.getDeadLetter(QUEUE, id)));

    // Act
    const first = await operator.redriveAll(QUEUE, { groupId: group });
    const afterFirst = await read();
    await operator.redriveAll(QUEUE, { groupId: group });
    const afterAgain = await read();

    // Assert: (the redriven poison messages fail again and come back as NEW dead letters, which a second
    // redrive-all may legitimately send: only the three first ones are checked)
    expect(first).toEqual({ redriven: 3, failed: 0, uncertain: [], calls: 1, complete: true });
    expect(afterFirst.map((letter) => letter.status)).toEqual(["redriven", "redriven", "redriven"]);
    expect(afterAgain).toEqual(afterFirst);
  });

  it("iterates every dead letter of a group (the cursor is followed; see the unit tests for several pages)", async () => {
    // Arrange: three dead letters of one group
    const group = `poison-${randomUUID().slice(0, 8)}`;
    const ids = await poison(group, 3);
    await newDeadLetters(group, 3);

    // Act
    const seen: string[] = [];
    for await (const letter of operator.deadLetters(QUEUE, { groupId: group })) seen.push(letter.id);

    // Assert
    expect(seen.sort()).toEqual([...ids].sort());
  });

  it("throws typed errors with the contract's codes", async () => {
    // Act
    const unknownQueue = await producer
      .publish("nope", { body: 1, groupId: "g" })
      .catch((error: unknown) => error);
    const unknownId = await operator.getDeadLetter(QUEUE, "no-such-id").catch((error: unknown) => error);

    // Assert
    expect(unknownQueue).toBeInstanceOf(QueueNotFoundError);
    expect(unknownQueue).toMatchObject({ code: "QUEUE_NOT_FOUND", status: 404 });
    expect(unknownId).toBeInstanceOf(NotFoundError);
    expect(unknownId).toMatchObject({ code: "NOT_FOUND", status: 404 });
  });

  it("keeps dead letters to the operator key where the stack has one (one key: that key may)", async () => {
    // Act
    const withProducerKey = await producer.listDeadLetters(QUEUE).catch((error: unknown) => error);

    // Assert
    if (stack.operatorKey === stack.apiKey)
      expect(withProducerKey).toMatchObject({ items: expect.any(Array) });
    else expect(withProducerKey).toBeInstanceOf(ForbiddenError);
  });
});
