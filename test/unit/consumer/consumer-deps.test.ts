import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createDynamoDbFailureWriter } from "../../../functions/adapters/dead-letters/failure-writer";
import { createMemoryLogger } from "../../../functions/core/logging/logger";
import { buildConsumerDeps } from "../../../functions/runtime/consumer-deps";
import { InvalidConsumerDepsError } from "../../../functions/runtime/errors";
import { fakeFailureLog } from "./fakes";

const failureLog = fakeFailureLog();
vi.mock("../../../functions/adapters/dead-letters/failure-writer", () => ({
  createDynamoDbFailureWriter: vi.fn(() => failureLog),
}));

describe("buildConsumerDeps", () => {
  const sqs = new SQSClient({ region: "us-east-1", endpoint: "http://127.0.0.1:9" });
  const dynamo = new DynamoDBClient({ region: "us-east-1", endpoint: "http://127.0.0.1:9" });
  const logger = createMemoryLogger();
  const base = {
    queue: "orders",
    dlqUrl: "http://127.0.0.1:9/0/orders-dlq.fifo",
    sqs,
    logger,
    dedupScope: "messageGroup" as const,
  };

  afterAll(() => {
    sqs.destroy();
    dynamo.destroy();
  });

  it("leaves idempotency off when the window is 0", () => {
    // Act
    const deps = buildConsumerDeps({ ...base, idempotencyWindowSeconds: 0 });

    // Assert
    expect(deps.idempotency).toBeUndefined();
    expect(deps.queue).toBe("orders");
    expect(typeof deps.deadLetters.send).toBe("function");
  });

  it("builds the idempotency guard when the window is above 0", () => {
    // Act
    const deps = buildConsumerDeps({
      ...base,
      dynamo,
      idempotencyTable: "t",
      idempotencyWindowSeconds: 3600,
      effectTables: ["ledger"],
    });

    // Assert
    expect(typeof deps.idempotency?.begin).toBe("function");
    expect(deps.effectTables).toEqual(["ledger"]);
  });

  it("refuses the idempotency table as an effect table (a staged write could forge a completion)", () => {
    expect(() =>
      buildConsumerDeps({
        ...base,
        dynamo,
        idempotencyTable: "t",
        idempotencyWindowSeconds: 3600,
        effectTables: ["ledger", "t"],
      }),
    ).toThrow(/effectTables may not hold the idempotency table/);
  });

  it("wires the failure log on the idempotency table even when the window is 0", () => {
    // Act
    const deps = buildConsumerDeps({ ...base, dynamo, idempotencyTable: "t", idempotencyWindowSeconds: 0 });

    // Assert
    expect(deps.idempotency).toBeUndefined();
    expect(deps.failureLog).toBe(failureLog);
    expect(createDynamoDbFailureWriter).toHaveBeenCalledWith({ dynamo, table: "t" });
  });

  it("has no failure log without a DynamoDB client and table", () => {
    expect(buildConsumerDeps({ ...base, idempotencyWindowSeconds: 0 }).failureLog).toBeUndefined();
  });

  it("refuses a window without a table", () => {
    expect(() => buildConsumerDeps({ ...base, dynamo, idempotencyWindowSeconds: 60 })).toThrow(
      InvalidConsumerDepsError,
    );
  });
});
