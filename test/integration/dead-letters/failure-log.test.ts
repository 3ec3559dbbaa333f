import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDynamoDbClient } from "../../../functions/adapters/aws-clients";
import { createDynamoDbFailureLog } from "../../../functions/adapters/dead-letters/failure-log";
import { failureKey } from "../../../functions/adapters/dead-letters/failure-writer";
import { DeadLetterStoreUnavailableError } from "../../../functions/core/dead-letters/errors";
import { UpstreamRejectedError } from "../../../functions/core/http/errors";
import { freePort } from "../../../local/emulators/free-port";
import { failureRecordFactory } from "../../factories/dead-letters";
import { startTestStack, type TestStack } from "../../support/test-stack";

describe("DynamoDB failure log (DynamoDB Local)", () => {
  let stack: TestStack;
  const NOW = Date.parse("2026-03-01T10:00:00.000Z");

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const log = () =>
    createDynamoDbFailureLog({ dynamo: stack.dynamo, table: stack.tables.idempotency, now: () => NOW });

  it("writes entries that lookup returns, in the idempotency table under f#<queue>#<messageId> with a 15-day TTL", async () => {
    // Arrange
    const failure = failureRecordFactory({ messageId: "m-1" });

    // Act
    await log().record([failure]);

    // Assert
    expect(await log().lookup("orders", "m-1")).toEqual(failure);
    const { Item } = await stack.dynamo.send(
      new GetItemCommand({
        TableName: stack.tables.idempotency,
        Key: { pk: { S: failureKey("orders", "m-1") } },
      }),
    );
    expect(Item?.pk?.S).toBe("f#orders#m-1");
    expect(Number(Item?.expiresAt?.N)).toBe(NOW / 1000 + 15 * 24 * 3600);
  });

  it("keeps the latest attempt, also when one batch names a message twice", async () => {
    // Arrange
    const first = failureRecordFactory({
      messageId: "m-2",
      attempt: 1,
      error: { name: "Error", message: "first" },
    });
    const second = { ...first, attempt: 2, error: { name: "TypeError", message: "second" } };
    const third = { ...first, attempt: 3, error: { name: "RangeError", message: "third" } };

    // Act
    await log().record([first]);
    await log().record([third, second]);

    // Assert
    expect((await log().lookup("orders", "m-2"))?.error).toEqual({ name: "RangeError", message: "third" });
  });

  it("writes more than 25 entries (several BatchWriteItem calls)", async () => {
    // Arrange
    const failures = Array.from({ length: 60 }, (_, i) => failureRecordFactory({ messageId: `bulk-${i}` }));

    // Act
    await log().record(failures);

    // Assert
    const found = await Promise.all(failures.map((f) => log().lookup("orders", f.messageId)));
    expect(found.every((entry, i) => entry?.dedupId === failures[i]?.dedupId)).toBe(true);
  });

  it("returns undefined for a message that never failed and keeps queues apart", async () => {
    // Arrange
    await log().record([failureRecordFactory({ queue: "payments", messageId: "shared-id" })]);

    // Act / Assert
    expect(await log().lookup("orders", "shared-id")).toBeUndefined();
    expect(await log().lookup("orders", "never-failed")).toBeUndefined();
  });

  it("turns an unreachable DynamoDB into DeadLetterStoreUnavailableError and a missing table into a refusal", async () => {
    // Arrange
    const down = createDynamoDbClient({ endpoint: `http://127.0.0.1:${await freePort()}` });
    const unreachable = createDynamoDbFailureLog({ dynamo: down, table: "fifoq-idempotency" });
    const missing = createDynamoDbFailureLog({ dynamo: stack.dynamo, table: "no-such-table" });

    // Act / Assert
    await expect(unreachable.record([failureRecordFactory()])).rejects.toThrow(
      DeadLetterStoreUnavailableError,
    );
    await expect(unreachable.lookup("orders", "m")).rejects.toThrow(DeadLetterStoreUnavailableError);
    await expect(missing.record([failureRecordFactory()])).rejects.toThrow(UpstreamRejectedError);
    await expect(missing.lookup("orders", "m")).rejects.toThrow(UpstreamRejectedError);
    down.destroy();
  });
});
