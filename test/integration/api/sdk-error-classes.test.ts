import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDynamoDbClient } from "../../../functions/adapters/aws-clients";
import { createDynamoDbDeadLetterStore } from "../../../functions/adapters/dead-letters/dead-letter-store";
import { createSqsClient } from "../../../functions/adapters/sqs/sqs-client";
import { createApiHandler } from "../../../functions/api/create-api-handler";
import type { ApiDeps } from "../../../functions/api/deps";
import { apiRoutes } from "../../../functions/api/routes";
import { freePort } from "../../../local/emulators/free-port";
import { apiEvent, jsonBody } from "../../factories/api-gateway";
import { deadLetterRecordFactory } from "../../factories/dead-letters";
import { createMemoryLogger } from "../../support/memory-logger";
import { startTestStack, type TestStack, testQueueConfig } from "../../support/test-stack";

interface ErrorBody {
  readonly error: { readonly code: string };
}

/**
 * Only faults a retry can fix are 503 with Retry-After (data-safety issue, class 6): a missing table, a refused
 * request or a queue that does not exist is a 5xx a client must not retry forever.
 */
describe("SDK errors in the right class (API handler on fauxqs + DynamoDB Local)", () => {
  let stack: TestStack;
  const handlerWith = (overrides: Partial<ApiDeps>) =>
    createApiHandler(
      {
        sqs: stack.sqs,
        dynamo: stack.dynamo,
        queues: {
          orders: {
            url: stack.queue("orders").provisioned.url,
            dlqUrl: stack.queue("orders").provisioned.dlqUrl,
            contentBasedDeduplication: false,
          },
        },
        deadLetterTable: stack.tables.deadLetters,
        logger: createMemoryLogger(),
        ...overrides,
      },
      { routes: apiRoutes },
    );

  beforeAll(async () => {
    stack = await startTestStack([testQueueConfig()]);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("answers a missing dead-letter table (ResourceNotFound) with a 5xx without Retry-After", async () => {
    // Act
    const result = await handlerWith({ deadLetterTable: "fifoq-no-such-table" })(
      apiEvent({ path: "/queues/orders/dead-letters" }),
    );

    // Assert
    expect(result.statusCode).toBe(500);
    expect(jsonBody<ErrorBody>(result).error.code).toBe("UPSTREAM_REJECTED");
    expect(result.headers?.["Retry-After"]).toBeUndefined();
  });

  it("answers an unreachable DynamoDB with 503 and Retry-After", async () => {
    // Arrange
    const dynamo = createDynamoDbClient({ endpoint: `http://127.0.0.1:${await freePort()}` });

    // Act
    const result = await handlerWith({ dynamo })(apiEvent({ path: "/queues/orders/dead-letters" }));

    // Assert
    expect(result.statusCode).toBe(503);
    expect(jsonBody<ErrorBody>(result).error.code).toBe("UPSTREAM_UNAVAILABLE");
    expect(result.headers?.["Retry-After"]).toBe("1");
    dynamo.destroy();
  });

  it("does not call a DynamoDB ValidationException retryable", async () => {
    // Arrange: a sort key above DynamoDB's 1,024 bytes (the API refuses such ids before; the store must too)
    const store = createDynamoDbDeadLetterStore({ dynamo: stack.dynamo, table: stack.tables.deadLetters });

    // Act
    const error = await store.get("orders", "x".repeat(2000)).catch((caught: unknown) => caught);

    // Assert
    expect(error).toMatchObject({
      code: "UPSTREAM_REJECTED",
      status: 500,
      cause: { name: "ValidationException" },
    });
  });

  it("answers a redrive to a queue that does not exist with a 5xx without Retry-After", async () => {
    // Arrange
    const record = deadLetterRecordFactory({ groupId: "g-gone" });
    await createDynamoDbDeadLetterStore({
      dynamo: stack.dynamo,
      table: stack.tables.deadLetters,
    }).putIfAbsent(record);
    const gone = `${stack.queue("orders").provisioned.url}-gone`;
    const handler = handlerWith({
      queues: { orders: { url: gone, dlqUrl: gone, contentBasedDeduplication: false } },
    });

    // Act
    const redrive = await handler(
      apiEvent({ method: "POST", path: `/queues/orders/dead-letters/${record.id}/redrive` }),
    );
    const publish = await handler(
      apiEvent({
        method: "POST",
        path: "/queues/orders/messages",
        body: { body: 1, groupId: "g", dedupId: "d" },
      }),
    );

    // Assert
    for (const result of [redrive, publish]) {
      expect(result.statusCode).toBe(500);
      expect(jsonBody<ErrorBody>(result).error.code).toBe("UPSTREAM_REJECTED");
      expect(result.headers?.["Retry-After"]).toBeUndefined();
    }
  });

  it("answers an unreachable SQS with 503 and Retry-After", async () => {
    // Arrange
    const sqs = createSqsClient({ endpoint: `http://127.0.0.1:${await freePort()}` });

    // Act
    const result = await handlerWith({ sqs })(
      apiEvent({
        method: "POST",
        path: "/queues/orders/messages",
        body: { body: 1, groupId: "g", dedupId: "d2" },
      }),
    );

    // Assert
    expect(result.statusCode).toBe(503);
    expect(result.headers?.["Retry-After"]).toBe("2");
    sqs.destroy();
  });
});
