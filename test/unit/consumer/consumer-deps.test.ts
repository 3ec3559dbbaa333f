import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, describe, expect, it, vi } from "vitest";
import { buildConsumerDeps, type ConsumerAdapters } from "../../../functions/runtime/consumer-deps";
import { InvalidConsumerDepsError } from "../../../functions/runtime/errors";
import { createMemoryLogger } from "../../support/memory-logger";
import { fakeFailureLog, fakeGuard } from "./fakes";

const guard = fakeGuard();
const failureLog = fakeFailureLog();

const createGuard = vi.fn<ConsumerAdapters["idempotencyGuard"]>(() => guard);
const createFailureWriter = vi.fn<ConsumerAdapters["failureWriter"]>(() => failureLog);
const createSender = vi.fn<ConsumerAdapters["deadLetterSender"]>(() => ({ send: async () => {} }));
const createVisibilityChanger = vi.fn<ConsumerAdapters["visibilityChanger"]>(() => ({
  change: async () => [],
}));
const adapters: ConsumerAdapters = {
  idempotencyGuard: createGuard,
  failureWriter: createFailureWriter,
  deadLetterSender: createSender,
  visibilityChanger: createVisibilityChanger,
};

describe("buildConsumerDeps", () => {
  const sqs = new SQSClient({ region: "us-east-1", endpoint: "http://127.0.0.1:9" });
  const dynamo = new DynamoDBClient({ region: "us-east-1", endpoint: "http://127.0.0.1:9" });
  const logger = createMemoryLogger();
  const base = { queue: "orders", dlqUrl: "http://127.0.0.1:9/0/orders-dlq.fifo", sqs, logger };

  afterAll(() => {
    sqs.destroy();
    dynamo.destroy();
  });

  it("leaves idempotency off when the window is 0", () => {
    // Act
    const deps = buildConsumerDeps({ ...base, idempotencyWindowSeconds: 0 }, adapters);

    // Assert
    expect(deps.idempotency).toBeUndefined();
    expect(deps.queue).toBe("orders");
    expect(typeof deps.deadLetters.send).toBe("function");
    expect(createSender).toHaveBeenCalledWith({ sqs, dlqUrl: base.dlqUrl });
  });

  it("builds the DynamoDB guard for the queue when the window is above 0", () => {
    // Act
    const deps = buildConsumerDeps(
      { ...base, dynamo, idempotencyTable: "t", idempotencyWindowSeconds: 3600 },
      adapters,
    );

    // Assert
    expect(deps.idempotency).toBe(guard);
    expect(createGuard).toHaveBeenCalledWith({
      dynamo,
      table: "t",
      queue: "orders",
      scope: "messageGroup",
      windowSeconds: 3600,
      logger,
    });
  });

  it("passes the dedup scope, the commit interval and the effect tables on", () => {
    // Act
    const deps = buildConsumerDeps(
      {
        ...base,
        dynamo,
        idempotencyTable: "t",
        idempotencyWindowSeconds: 3600,
        dedupScope: "queue",
        commitIntervalMs: 250,
        effectTables: ["ledger"],
      },
      adapters,
    );

    // Assert
    expect(createGuard).toHaveBeenLastCalledWith(
      expect.objectContaining({ scope: "queue", commitIntervalMs: 250 }),
    );
    expect(deps.effectTables).toEqual(["ledger"]);
  });

  it("refuses the idempotency table as an effect table (a staged write could forge a completion)", () => {
    // Act and assert
    expect(() =>
      buildConsumerDeps(
        {
          ...base,
          dynamo,
          idempotencyTable: "t",
          idempotencyWindowSeconds: 3600,
          effectTables: ["ledger", "t"],
        },
        adapters,
      ),
    ).toThrow(/effectTables may not hold the idempotency table/);
  });

  it("wires the failure log on the idempotency table even when the window is 0", () => {
    // Act
    const deps = buildConsumerDeps(
      { ...base, dynamo, idempotencyTable: "t", idempotencyWindowSeconds: 0 },
      adapters,
    );

    // Assert
    expect(deps.idempotency).toBeUndefined();
    expect(deps.failureLog).toBe(failureLog);
    expect(createFailureWriter).toHaveBeenCalledWith({ dynamo, table: "t" });
  });

  it("has no failure log without a DynamoDB client and table", () => {
    expect(buildConsumerDeps({ ...base, idempotencyWindowSeconds: 0 }, adapters).failureLog).toBeUndefined();
  });

  it("wires the retry backoff on the queue's URL when retry is on", () => {
    // Act
    const deps = buildConsumerDeps({
      ...base,
      idempotencyWindowSeconds: 0,
      queueUrl: "http://127.0.0.1:9/0/orders.fifo",
      retry: { minSeconds: 2, maxSeconds: 60 },
    });

    // Assert
    expect(deps.retry?.policy).toEqual({ minSeconds: 2, maxSeconds: 60 });
    expect(typeof deps.retry?.visibility.change).toBe("function");
  });

  it.each([false, undefined] as const)("has no retry backoff when retry is %s", (retry) => {
    expect(buildConsumerDeps({ ...base, idempotencyWindowSeconds: 0, retry }).retry).toBeUndefined();
  });

  it("refuses retry backoff without the queue URL", () => {
    expect(() =>
      buildConsumerDeps({ ...base, idempotencyWindowSeconds: 0, retry: { minSeconds: 1, maxSeconds: 300 } }),
    ).toThrow(/queue "orders": retry backoff needs the queue URL/);
  });

  it("refuses a window without a table", () => {
    expect(() => buildConsumerDeps({ ...base, dynamo, idempotencyWindowSeconds: 60 }, adapters)).toThrow(
      InvalidConsumerDepsError,
    );
  });
});
