import { randomUUID } from "node:crypto";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { describe, expect, inject, it } from "vitest";
import { createDynamoDbClient } from "../../../functions/adapters/aws-clients";
import { DEAD_LETTER_TABLE } from "../../../functions/core/tables";
import { createIfMissing, keyedTable, provisionTables } from "../../../local/provision/dynamodb";

describe("local provisioning: a dead-letter table kept from an older fifoq gains the indexes it lacks", () => {
  it("adds byDedup (status, redrivenAt and the TTL projected) to a table that has only byTime", async () => {
    // Arrange: the table as an older local stack left it in .fifoq/dynamodb
    const dynamo = createDynamoDbClient({ endpoint: inject("dynamoDbEndpoint") });
    const suffix = randomUUID().slice(0, 8);
    const names = { idempotency: `old-idempotency-${suffix}`, deadLetters: `old-dead-letters-${suffix}` };
    await createIfMissing(
      dynamo,
      keyedTable(names.deadLetters, DEAD_LETTER_TABLE, DEAD_LETTER_TABLE.byTimeIndex),
    );

    // Act: provisioned twice, as two restarts would
    await provisionTables(dynamo, names);
    await provisionTables(dynamo, names);

    // Assert
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: names.deadLetters }));
    const indexes = (Table?.GlobalSecondaryIndexes ?? []).map(({ IndexName, Projection }) => ({
      IndexName,
      Projection,
    }));
    expect(indexes).toEqual(
      expect.arrayContaining([
        { IndexName: "byTime", Projection: { ProjectionType: "ALL" } },
        {
          IndexName: "byDedup",
          Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["status", "redrivenAt", "expiresAt"] },
        },
      ]),
    );
    expect(indexes).toHaveLength(2);
  });
});
