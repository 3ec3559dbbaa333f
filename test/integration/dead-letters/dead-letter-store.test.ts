import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDynamoDbClient } from "../../../functions/adapters/aws-clients";
import { createDynamoDbDeadLetterStore } from "../../../functions/adapters/dead-letters/dead-letter-store";
import { decodeCursor, encodeCursor } from "../../../functions/core/dead-letters/cursor";
import {
  DeadLetterNotFoundError,
  DeadLetterStoreUnavailableError,
} from "../../../functions/core/dead-letters/errors";
import type { DeadLetterStore } from "../../../functions/core/dead-letters/store";
import type { CursorKey, DeadLetterRecord, ListOptions } from "../../../functions/core/dead-letters/types";
import { UpstreamRejectedError } from "../../../functions/core/http/errors";
import { freePort } from "../../../local/emulators/free-port";
import { deadLetterRecordFactory } from "../../factories/dead-letters";
import { startTestStack, type TestStack } from "../../support/test-stack";

/** Every page of a listing, following `next` to the end. */
const allPages = async (store: DeadLetterStore, queue: string, options: ListOptions) => {
  const pages: DeadLetterRecord[][] = [];
  let cursor: CursorKey | undefined;
  do {
    const page = await store.list(queue, { ...options, cursor });
    pages.push([...page.items]);
    cursor = page.next;
  } while (cursor);
  return pages;
};

describe("DynamoDB dead-letter store (DynamoDB Local)", () => {
  let stack: TestStack;
  let store: DeadLetterStore;
  /** 45 records in `orders`, oldest first; every third is in group g-0, every fifth is discarded. */
  const seeded = Array.from({ length: 45 }, (_, i) =>
    deadLetterRecordFactory({
      id: `r-${String(i).padStart(2, "0")}`,
      groupId: `g-${i % 3}`,
      status: i % 5 === 0 ? "discarded" : "new",
      attributes: { tenant: "acme", priority: "2" },
      attributeTypes: { priority: "Number" },
    }),
  );

  beforeAll(async () => {
    stack = await startTestStack();
    store = createDynamoDbDeadLetterStore({
      dynamo: stack.dynamo,
      table: stack.tables.deadLetters,
      now: () => Date.parse(seeded.at(-1)?.deadLetteredAt ?? ""),
    });
    await Promise.all(seeded.map((record) => store.putIfAbsent(record)));
    await store.putIfAbsent(deadLetterRecordFactory({ queue: "payments", id: "p-1" }));
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("stores and reads a record back unchanged", async () => {
    // Arrange
    const original = seeded[7] as DeadLetterRecord;

    // Act
    const read = await store.get("orders", original.id);

    // Assert
    expect(read).toEqual(original);
  });

  it("stores and reads back attributes named __proto__, constructor and prototype, with their types", async () => {
    // Arrange: attribute maps as the recorder builds them (no prototype)
    const map = (json: string) => Object.assign(Object.create(null), JSON.parse(json));
    const original = deadLetterRecordFactory({
      queue: "protos",
      id: "proto-1",
      attributes: map('{"__proto__":"p","constructor":"c","prototype":"t"}'),
      attributeTypes: map('{"__proto__":"Number"}'),
    });
    await store.putIfAbsent(original);

    // Act
    const read = await store.get("protos", original.id);
    const [listed] = (await store.list("protos", { limit: 10 })).items;

    // Assert
    for (const record of [read, listed]) {
      expect(Object.entries(record?.attributes ?? {})).toEqual([
        ["__proto__", "p"],
        ["constructor", "c"],
        ["prototype", "t"],
      ]);
      expect(Object.entries(record?.attributeTypes ?? {})).toEqual([["__proto__", "Number"]]);
    }
  });

  it("lists newest first in pages of `limit`, with a cursor only while there is more", async () => {
    // Act
    const pages = await allPages(store, "orders", { limit: 20 });

    // Assert
    expect(pages.map((page) => page.length)).toEqual([20, 20, 5]);
    const ids = pages.flat().map((record) => record.id);
    expect(ids).toEqual(seeded.map((record) => record.id).reverse());
  });

  it("keeps paging correct with filters (Limit applies before the filter)", async () => {
    // Act
    const pages = await allPages(store, "orders", { limit: 4, status: "new", groupId: "g-0" });

    // Assert
    const expected = seeded
      .filter((r) => r.groupId === "g-0" && r.status === "new")
      .map((r) => r.id)
      .reverse();
    expect(pages.flat().map((record) => record.id)).toEqual(expected);
    expect(pages.slice(0, -1).every((page) => page.length === 4)).toBe(true);
  });

  it("lists oldest first for redrive", async () => {
    // Act
    const page = await store.list("orders", { limit: 3, order: "oldest" });

    // Assert
    expect(page.items.map((record) => record.id)).toEqual(["r-00", "r-01", "r-02"]);
  });

  it("accepts its own cursor through encode/decode", async () => {
    // Arrange
    const first = await store.list("orders", { limit: 10 });
    const cursor = decodeCursor(encodeCursor(first.next as CursorKey), "orders");

    // Act
    const second = await store.list("orders", { limit: 10, cursor });

    // Assert
    expect(second.items[0]?.id).toBe("r-34");
  });

  it("counts new records per queue", async () => {
    expect(await store.countNew("orders")).toBe(36);
    expect(await store.countNew("payments")).toBe(1);
  });

  it("changes a status only along new → redriving → redriven, reporting the record as it is otherwise", async () => {
    // Arrange
    const at = "2026-03-05T00:00:00.000Z";

    // Act
    const early = await store.markRedriven("orders", "r-01", { messageId: "sqs-0", at });
    const claimed = await store.claimRedrive("orders", "r-01", at);
    const changed = await store.markRedriven("orders", "r-01", { messageId: "sqs-1", at });
    const again = await store.markRedriven("orders", "r-01", { messageId: "sqs-2", at });
    const discard = await store.markDiscarded("orders", "r-01", at);

    // Assert
    expect(early).toMatchObject({ kind: "conflict", current: { status: "new" } });
    expect(claimed).toMatchObject({ kind: "changed", record: { status: "redriving", redriveClaimedAt: at } });
    expect(changed).toMatchObject({
      kind: "changed",
      record: { status: "redriven", redrivenMessageId: "sqs-1", redrivenAt: at },
    });
    expect(again).toMatchObject({ kind: "conflict", current: { redrivenMessageId: "sqs-1" } });
    expect(discard).toMatchObject({ kind: "conflict", current: { status: "redriven" } });
  });

  it("throws DeadLetterNotFoundError for a transition of an unknown id, undefined for a get", async () => {
    // Act and assert
    await expect(store.markDiscarded("orders", "nope", "2026-03-05T00:00:00.000Z")).rejects.toThrow(
      DeadLetterNotFoundError,
    );
    expect(await store.get("orders", "nope")).toBeUndefined();
  });

  it("turns an unreachable DynamoDB into DeadLetterStoreUnavailableError and a missing table into a refusal", async () => {
    // Arrange
    const down = createDynamoDbClient({ endpoint: `http://127.0.0.1:${await freePort()}` });
    const unreachable = createDynamoDbDeadLetterStore({ dynamo: down, table: stack.tables.deadLetters });
    const missing = createDynamoDbDeadLetterStore({ dynamo: stack.dynamo, table: "no-such-table" });

    // Act / Assert
    await expect(unreachable.get("orders", "x")).rejects.toThrow(DeadLetterStoreUnavailableError);
    await expect(unreachable.list("orders", { limit: 5 })).rejects.toThrow(DeadLetterStoreUnavailableError);
    await expect(missing.get("orders", "x")).rejects.toThrow(UpstreamRejectedError);
    await expect(missing.list("orders", { limit: 5 })).rejects.toThrow(UpstreamRejectedError);
    down.destroy();
  });
});
