import { type MessageAttributeValue, SendMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  deliveries,
  freshQueue,
  type MappingHarness,
  queueCounts,
  recordingFunction,
  sendAll,
  startMappingHarness,
} from "./esm-helpers";

describe("local SQS event source mapping", () => {
  let harness: MappingHarness;

  beforeAll(async () => {
    harness = await startMappingHarness();
  });
  afterEach(() => harness.stopMappings());
  afterAll(() => harness.stop());

  /** Sends one message per body, each in a group of its own (g1, g2, …), so that none waits behind another. */
  const sendToGroups = (queue: { readonly url: string }, bodies: readonly string[]) =>
    sendAll(
      harness.sqs,
      queue.url,
      bodies.map((body, index): [string, string] => [`g${index + 1}`, body]),
    );

  it("invokes the function with Lambda's SQS records and context, then deletes the batch", async () => {
    // Arrange: one message with a string and a binary attribute, and a function that succeeds
    const queue = await freshQueue(harness.sqs);
    const { MessageId } = await harness.sqs.send(
      new SendMessageCommand({
        QueueUrl: queue.url,
        MessageBody: '{"n":1}',
        MessageGroupId: "g1",
        MessageDeduplicationId: "d1",
        MessageAttributes: {
          kind: { DataType: "String", StringValue: "test" },
          raw: { DataType: "Binary", BinaryValue: Buffer.from([1, 2]) } satisfies MessageAttributeValue,
        },
      }),
    );
    const fn = recordingFunction(async () => ({ batchItemFailures: [] }));

    // Act
    harness.mapping(queue, { handler: fn.handler });

    // Assert: the batch is deleted after one invocation with Lambda's event and context
    await vi.waitFor(async () =>
      expect(await queueCounts(harness.sqs, queue.url)).toEqual({ visible: 0, inFlight: 0 }),
    );
    expect(fn.invocations).toHaveLength(1);
    const [{ event, context, remainingAtStart }] = fn.invocations as [(typeof fn.invocations)[number]];
    expect(event.Records).toEqual([
      {
        messageId: MessageId,
        receiptHandle: expect.any(String),
        body: '{"n":1}',
        attributes: expect.objectContaining({
          ApproximateReceiveCount: "1",
          SentTimestamp: expect.stringMatching(/^\d+$/),
          SenderId: expect.any(String),
          ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d+$/),
          SequenceNumber: expect.any(String),
          MessageGroupId: "g1",
          MessageDeduplicationId: "d1",
        }),
        messageAttributes: {
          kind: { dataType: "String", stringValue: "test", stringListValues: [], binaryListValues: [] },
          raw: expect.objectContaining({
            dataType: "Binary",
            binaryValue: Buffer.from([1, 2]).toString("base64"),
          }),
        },
        md5OfBody: expect.stringMatching(/^[0-9a-f]{32}$/),
        md5OfMessageAttributes: expect.any(String),
        eventSource: "aws:sqs",
        eventSourceARN: queue.arn,
        awsRegion: queue.arn.split(":")[3],
      },
    ]);
    expect(context.functionName).toBe("fifoq-test-consumer");
    expect(remainingAtStart).toBeGreaterThan(0);
    expect(remainingAtStart).toBeLessThanOrEqual(1000);
  });

  it("deletes only the successes of a partial batch response; a failure comes back with receive count 2", async () => {
    // Arrange: three messages, and a function that fails the second on its first call
    const queue = await freshQueue(harness.sqs);
    const [, failing] = await sendToGroups(queue, ["a", "b", "c"]);
    const fn = recordingFunction(async (call) => ({
      batchItemFailures: call === 1 ? [{ itemIdentifier: failing }] : [],
    }));

    // Act
    harness.mapping(queue, { handler: fn.handler });

    // Assert
    await vi.waitFor(() => expect(fn.invocations.length).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
    await vi.waitFor(async () =>
      expect(await queueCounts(harness.sqs, queue.url)).toEqual({ visible: 0, inFlight: 0 }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(deliveries(fn.invocations)).toEqual([
      ["a", "1"],
      ["b", "1"],
      ["c", "1"],
      ["b", "2"],
    ]);
  });

  it("deletes nothing when the function throws: the whole batch comes back", async () => {
    // Arrange: two messages, and a function that throws on its first call
    const queue = await freshQueue(harness.sqs);
    await sendToGroups(queue, ["a", "b"]);
    const fn = recordingFunction(async (call) => {
      if (call === 1) throw new Error("function crashed");
      return undefined;
    });

    // Act
    harness.mapping(queue, { handler: fn.handler });

    // Assert
    await vi.waitFor(() => expect(fn.invocations.length).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
    expect(deliveries(fn.invocations)).toEqual([
      ["a", "1"],
      ["b", "1"],
      ["a", "2"],
      ["b", "2"],
    ]);
    expect(harness.logger.lines).toContainEqual(
      expect.objectContaining({
        message: expect.stringMatching(/function error/),
        error: { name: "Error", message: "function crashed" },
      }),
    );
  });

  it("deletes nothing when the response names a message that is not in the batch", async () => {
    // Arrange: a message, and a function that first names an unknown message as failed
    const queue = await freshQueue(harness.sqs);
    await sendToGroups(queue, ["a"]);
    const fn = recordingFunction(async (call) => ({
      batchItemFailures: call === 1 ? [{ itemIdentifier: "nope" }] : [],
    }));

    // Act
    harness.mapping(queue, { handler: fn.handler });

    // Assert
    await vi.waitFor(() => expect(fn.invocations.length).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
    expect(deliveries(fn.invocations)).toEqual([
      ["a", "1"],
      ["a", "2"],
    ]);
    expect(harness.logger.lines).toContainEqual(
      expect.objectContaining({ message: expect.stringMatching(/invalid batch response/) }),
    );
  });

  it("enforces the function timeout: nothing is deleted and the message comes back after the visibility timeout", async () => {
    // Arrange: a message, and a function that outlives its timeout on its first call
    const queue = await freshQueue(harness.sqs, { visibilityTimeoutSeconds: 2 });
    await sendToGroups(queue, ["slow"]);
    const fn = recordingFunction(async (call) => {
      if (call === 1) await new Promise((resolve) => setTimeout(resolve, 3000));
      return { batchItemFailures: [] };
    });

    // Act
    harness.mapping(queue, { handler: fn.handler, timeoutSeconds: 1 });

    // Assert
    await vi.waitFor(
      () =>
        expect(harness.logger.lines).toContainEqual(
          expect.objectContaining({ message: "Task timed out after 1.00 seconds" }),
        ),
      { timeout: 5000 },
    );
    await vi.waitFor(() => expect(fn.invocations.length).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
    expect(deliveries(fn.invocations)).toEqual([
      ["slow", "1"],
      ["slow", "2"],
    ]);
  });

  it("runs up to maxConcurrency invocations at once across message groups", async () => {
    // Arrange: two groups, and a function that waits until two of its invocations run at once
    const queue = await freshQueue(harness.sqs);
    await sendToGroups(queue, ["a", "b"]);
    let active = 0;
    let peak = 0;
    let release: () => void = () => undefined;
    const bothRunning = new Promise<void>((resolve) => {
      release = resolve;
    });
    const fn = recordingFunction(async () => {
      active += 1;
      peak = Math.max(peak, active);
      if (active === 2) release();
      await Promise.race([bothRunning, new Promise((resolve) => setTimeout(resolve, 3000))]);
      active -= 1;
      return undefined;
    });

    // Act
    harness.mapping(queue, { handler: fn.handler, batchSize: 1, maxConcurrency: 2, timeoutSeconds: 5 });

    // Assert
    await vi.waitFor(
      async () => expect(await queueCounts(harness.sqs, queue.url)).toEqual({ visible: 0, inFlight: 0 }),
      { timeout: 10_000 },
    );
    expect(peak).toBe(2);
    expect(fn.invocations.map(({ event }) => event.Records.length)).toEqual([1, 1]);
  });

  it("stops at once while a 20-second long poll is waiting", async () => {
    // Arrange: a mapping long-polling an empty queue
    const queue = await freshQueue(harness.sqs);
    const started = harness.mapping(queue, {
      handler: async () => undefined,
      maxConcurrency: 3,
      waitTimeSeconds: 20,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Act
    const before = Date.now();
    await started.stop();

    // Assert
    expect(Date.now() - before).toBeLessThan(1000);
  });
});
