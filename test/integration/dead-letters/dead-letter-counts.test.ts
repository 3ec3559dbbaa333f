import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { createDynamoDbClient } from "../../../functions/adapters/aws-clients";
import { createDynamoDbDeadLetterStore } from "../../../functions/adapters/dead-letters/dead-letter-store";
import { deadLetterRecordFactory } from "../../factories/dead-letters";
import { useTestStack } from "../../support/test-stack";

/** The names of the DynamoDB commands a client sends (an observer on the real client, nothing mocked). */
const observe = (dynamo: DynamoDBClient): string[] => {
  const names: string[] = [];
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      names.push(String(context.commandName));
      return next(args);
    },
    { step: "initialize", name: "observeCommands" },
  );
  return names;
};

/** Issue 17 class 5: `GET /queues` costs the same with 0 or a million dead letters (no partition read). */
describe("dead-letter counts (DynamoDB Local)", () => {
  const stack = useTestStack();

  it("keeps the count of new dead letters as they change, read with the same requests whatever their number", async () => {
    // Arrange
    const dynamo = createDynamoDbClient({ endpoint: stack.dynamoDbEndpoint });
    const commands = observe(dynamo);
    const store = createDynamoDbDeadLetterStore({ dynamo, table: stack.tables.deadLetters });
    const now = () => new Date().toISOString();
    const records = Array.from({ length: 30 }, (_, n) =>
      deadLetterRecordFactory({ id: `c-${n}`, deadLetteredAt: now() }),
    );
    commands.length = 0;
    const empty = await store.countNew("orders");
    const readEmpty = commands.splice(0);

    // Act
    for (const record of records) await store.putIfAbsent(record);
    const [first] = records;
    if (first) await store.putIfAbsent(first);
    await store.markDiscarded("orders", "c-0", now());
    await store.markDiscarded("orders", "c-0", now());
    await store.claimRedrive("orders", "c-1", now());
    await store.markRedriven("orders", "c-1", { messageId: "m-1", at: now() });
    commands.length = 0;
    const full = await store.countNew("orders");
    const readFull = commands.splice(0);

    // Assert
    expect(empty).toBe(0);
    expect(full).toBe(28);
    expect(readFull).toEqual(readEmpty);
    expect(readFull).not.toContain("QueryCommand");
    expect(readFull).not.toContain("ScanCommand");
    dynamo.destroy();
  });
});
