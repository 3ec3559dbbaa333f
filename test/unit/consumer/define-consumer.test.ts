import { afterEach, describe, expect, it, vi } from "vitest";
import { InvalidEnvError } from "../../../functions/core/errors";
import { defineConsumer } from "../../../functions/runtime";
import { lambdaContextFactory, sqsEventFactory, sqsRecordFactory } from "../../factories/sqs";

const stubValidEnv = () => {
  vi.stubEnv("FIFOQ_QUEUE_NAME", "orders");
  // Never contacted: the batch below dead-letters nothing.
  vi.stubEnv("FIFOQ_DLQ_URL", "http://127.0.0.1:9/000000000000/orders-dlq.fifo");
  vi.stubEnv("FIFOQ_SQS_ENDPOINT", "http://127.0.0.1:9");
  vi.stubEnv("FIFOQ_IDEMPOTENCY_WINDOW_SECONDS", "0");
  vi.stubEnv("FIFOQ_DEDUP_SCOPE", "messageGroup");
  vi.stubEnv("FIFOQ_LOG_LEVEL", "error");
};

describe("defineConsumer", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("exposes the definition, read-only, and reads no environment when defined", () => {
    // Arrange
    vi.stubEnv("FIFOQ_QUEUE_NAME", undefined);
    const handle = async () => "ok";

    // Act
    const handler = defineConsumer({ handle });

    // Assert
    expect(handler.definition.handle).toBe(handle);
    expect(Reflect.set(handler, "definition", { handle })).toBe(false);
    expect(Object.isFrozen(handler.definition)).toBe(true);
  });

  it("fails the first invocation with every environment problem named", async () => {
    // Arrange
    vi.stubEnv("FIFOQ_QUEUE_NAME", undefined);
    vi.stubEnv("FIFOQ_DLQ_URL", undefined);
    const handler = defineConsumer({ handle: async () => "ok" });

    // Act
    const invocation = handler(sqsEventFactory([]), lambdaContextFactory());

    // Assert
    await expect(invocation).rejects.toBeInstanceOf(InvalidEnvError);
    await expect(invocation).rejects.toThrow(/FIFOQ_QUEUE_NAME is not set[\s\S]*FIFOQ_DLQ_URL is not set/);
  });

  it("runs the batch through the runtime and reads the environment only once", async () => {
    // Arrange
    stubValidEnv();
    const seen: string[] = [];
    const handler = defineConsumer<{ n: number }, void>({
      handle: async (message) => void seen.push(`${message.queue}:${message.body.n}`),
    });
    const event = (n: number) => sqsEventFactory([sqsRecordFactory({ groupId: "g", body: { n } })]);

    // Act
    const first = await handler(event(1), lambdaContextFactory());
    vi.stubEnv("FIFOQ_QUEUE_NAME", "NOT VALID");
    const second = await handler(event(2), lambdaContextFactory());

    // Assert
    expect([first, second]).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(seen).toEqual(["orders:1", "orders:2"]);
  });
});
