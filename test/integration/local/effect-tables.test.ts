import { randomUUID } from "node:crypto";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createDynamoDbClient } from "../../../functions/adapters/aws-clients";
import { resolveQueue } from "../../../functions/core/config/validate";
import { EffectTableMissingError } from "../../../local/errors";
import { provisionEffectTables } from "../../../local/provision/effect-tables";

describe("npm start's effect tables (the run's DynamoDB Local)", () => {
  const endpoint = inject("dynamoDbEndpoint");
  const dynamo = createDynamoDbClient({ endpoint });
  const suffix = randomUUID().slice(0, 8);
  const queue = (effectTables: unknown[]) =>
    resolveQueue({ name: "orders", handler: "orders.ts", effectTables } as never, 0, "/app");

  afterAll(() => dynamo.destroy());

  it("creates a declared table with its keys, and again on a restart without complaint", async () => {
    // Arrange
    const declared = {
      name: `accounts-${suffix}`,
      partitionKey: { name: "account", type: "S" },
      sortKey: { name: "version", type: "N" },
    };

    // Act: twice, as two starts would
    await provisionEffectTables(dynamo, [queue([declared])], endpoint);
    await provisionEffectTables(dynamo, [queue([declared])], endpoint);

    // Assert
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: declared.name }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: "account", KeyType: "HASH" },
      { AttributeName: "version", KeyType: "RANGE" },
    ]);
  });

  it("stops the start at a bare name that does not exist, naming the queue and the table", async () => {
    // Arrange
    const missing = `ledger-${suffix}`;

    // Act
    const started = provisionEffectTables(dynamo, [queue([missing])], endpoint);

    // Assert
    await expect(started).rejects.toThrow(EffectTableMissingError);
    await expect(started).rejects.toThrow(
      `queue "orders": effect table "${missing}" does not exist at ${endpoint}`,
    );
  });
});
