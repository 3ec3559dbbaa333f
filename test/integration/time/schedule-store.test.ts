import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { createDynamoDbClient } from "../../../functions/adapters/aws-clients";
import { createDynamoDbScheduledStore } from "../../../functions/adapters/scheduled/scheduled-store";
import { createDynamoDbScheduleStore } from "../../../functions/adapters/schedules/schedule-store";
import { resolveSchedules } from "../../../functions/core/config/schedules";
import { provisionScheduledTable } from "../../../local/scheduler/provision";

const definitionOf = (name: string, cron = "0 9 * * *") => {
  const [resolved] = resolveSchedules(
    [
      {
        name,
        cron,
        timezone: "Europe/Berlin",
        queue: "orders",
        groupId: "g",
        body: { n: 1 },
        attributes: Object.fromEntries([
          ["__proto__", "ordinary"],
          ["k", "v"],
        ]),
      },
    ],
    ["orders"],
  );
  if (!resolved) throw new Error("no schedule");
  return resolved;
};

describe("the DynamoDB schedule store (DynamoDB Local)", () => {
  const dynamo = createDynamoDbClient({ endpoint: inject("dynamoDbEndpoint") });
  const table = `fifoq-scheduled-${randomUUID().slice(0, 8)}`;
  const store = createDynamoDbScheduleStore({ dynamo, table });

  beforeAll(() => provisionScheduledTable(dynamo, table));

  it("stores a definition and reads it back whole, the attributes without a prototype", async () => {
    // Arrange
    const definition = definitionOf("round-trip");

    // Act
    const defined = await store.define(definition, 1_000);
    const record = await store.get("round-trip");

    // Assert
    expect(defined).toEqual({ paused: false });
    expect(record).toEqual({
      origin: "api",
      name: "round-trip",
      paused: false,
      definition,
      updatedAt: 1_000,
    });
    expect(record?.origin === "api" && Object.getPrototypeOf(record.definition.attributes)).toBeNull();
  });

  it("keeps the paused flag when a definition is replaced, and pauses an API-managed record only while it exists", async () => {
    // Arrange
    await store.define(definitionOf("kept"), 1);
    await store.setPaused("kept", "api", true, 2);

    // Act
    const replaced = await store.define(definitionOf("kept", "0 10 * * *"), 3);
    const missing = await store.setPaused("never-defined", "api", true, 4);

    // Assert
    expect(replaced).toEqual({ paused: true });
    expect(await store.get("kept")).toMatchObject({ paused: true, definition: { cron: "0 10 * * *" } });
    expect(missing).toBe(false);
    expect(await store.get("never-defined")).toBeUndefined();
  });

  it("starts a definition active over the pause a removed configured schedule of its name left", async () => {
    // Arrange: a configured schedule was paused, then removed from the configuration (its mark stays)
    await store.setPaused("was-configured", "config", true, 1);

    // Act
    const defined = await store.define(definitionOf("was-configured"), 2);

    // Assert
    expect(defined).toEqual({ paused: false });
    expect(await store.get("was-configured")).toMatchObject({ origin: "api", paused: false });
  });

  it("records the paused flag of a configured schedule, and never deletes it as an API-managed one", async () => {
    // Act
    const paused = await store.setPaused("configured", "config", true, 5);
    const deleted = await store.delete("configured");

    // Assert
    expect(paused).toBe(true);
    expect(deleted).toBe(false);
    expect(await store.get("configured")).toEqual({
      origin: "config",
      name: "configured",
      paused: true,
      updatedAt: 5,
    });
  });

  it("deletes an API-managed record once (again: false) and lists the API-managed rest, apart from the queues' items", async () => {
    // Arrange
    await store.define(definitionOf("doomed"), 6);
    await store.define(definitionOf("listed"), 6);
    await store.setPaused("listed-configured", "config", false, 6);
    const scheduled = createDynamoDbScheduledStore({ dynamo, table });

    // Act
    const first = await store.delete("doomed");
    const again = await store.delete("doomed");
    const names = (await store.listApi({ limit: 100 })).records.map((record) => record.name);
    const queuePage = await scheduled.list("orders", 100, undefined);

    // Assert
    expect([first, again]).toEqual([true, false]);
    expect(names).toContain("listed");
    expect(names).not.toContain("listed-configured");
    expect(names).not.toContain("doomed");
    expect(queuePage.items).toEqual([]);
  });
});
