import { describe, expect, it } from "vitest";
import { createDynamoDbDeadLetterStore } from "../../../functions/adapters/dead-letters/dead-letter-store";
import { listDeadLetters } from "../../../functions/core/dead-letters/read";
import type { CursorKey } from "../../../functions/core/dead-letters/types";
import { MAX_PAGE_BYTES } from "../../../functions/core/http/page-bytes";
import type { PayloadStore } from "../../../functions/core/payloads/payload-store";
import { deadLetterRecordFactory } from "../../factories/dead-letters";
import { useTestStack } from "../../support/test-stack";

/** The stack's payload store (fauxqs S3), counting the bytes the listing reads back. */
const counting = (inner: PayloadStore) => {
  let read = 0;
  const store: PayloadStore = {
    put: (key, body) => inner.put(key, body),
    async get(key) {
      const body = await inner.get(key);
      read += Buffer.byteLength(body);
      return body;
    },
  };
  return { store, read: () => read };
};

/**
 * A page of large dead letters (each stored in the payload store) is read only as far as one answer can carry:
 * the API function has 256 MB and 10 s, and a page of 100 records near 5 MiB would otherwise be 500 MB of
 * reads before the page is cut near 5 MiB.
 */
describe("listing a queue of large dead letters (DynamoDB Local + fauxqs S3)", () => {
  const stack = useTestStack();

  it("reads the payloads of a page only up to the answer's budget and one record more", async () => {
    // Arrange: 8 dead letters of 1 MiB each, each moved to the payload store (over the 350 KB inline limit)
    const payloads = counting(stack.payloads);
    const store = createDynamoDbDeadLetterStore({
      dynamo: stack.dynamo,
      table: stack.tables.deadLetters,
      payloads: payloads.store,
    });
    const rawBody = "x".repeat(1024 * 1024);
    for (let index = 0; index < 8; index += 1)
      await store.putIfAbsent(deadLetterRecordFactory({ queue: "orders", body: rawBody, rawBody }));

    // Act
    const page = await listDeadLetters({ queue: "orders", options: { limit: 8 } }, { store });

    // Assert: four fit the budget and come back whole; what was read stays near the budget
    expect(page.items).toHaveLength(4);
    expect(page.nextCursor).toBeDefined();
    expect(payloads.read()).toBeLessThanOrEqual(MAX_PAGE_BYTES + 2 * rawBody.length);
  });

  it("pages through every large record once, each page cut where its reads reach the budget", async () => {
    // Arrange: 7 records of 2 MiB on a queue of their own, each in the payload store
    const store = createDynamoDbDeadLetterStore({
      dynamo: stack.dynamo,
      table: stack.tables.deadLetters,
      payloads: stack.payloads,
    });
    const rawBody = "y".repeat(2 * 1024 * 1024);
    const ids: string[] = [];
    for (let index = 0; index < 7; index += 1) {
      const record = deadLetterRecordFactory({ queue: "big-pages", body: rawBody, rawBody });
      ids.push(record.id);
      await store.putIfAbsent(record);
    }

    // Act
    const pages: string[][] = [];
    let cursor: CursorKey | undefined;
    do {
      const page = await store.list("big-pages", { limit: 100, cursor });
      pages.push(page.items.map((item) => item.id));
      cursor = page.next;
    } while (cursor && pages.length < 10);

    // Assert: three records (6 MiB) reach the 5 MiB budget; none is skipped or listed twice
    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual([...ids].reverse());
  });
});
