import { describe, expect, it } from "vitest";
import { FifoqClientError } from "../../../client/src/index.js";
import { getDeadLetterBody } from "../../../functions/core/dead-letters/read";
import { createMemoryDeadLetterStore, deadLetterRecordFactory } from "../../factories/dead-letters";
import { fakeApi, json, type SeenRequest } from "../client/fake-api";
import { cli } from "./cli-io";

const env = { FIFOQ_URL: "https://api.example.test/v1", FIFOQ_OPERATOR_KEY: "operator-key" };

/** 5 MiB of quotes (4 bytes each in Lambda's response), an astral character and a control character. */
const HEAVY = `{"q":"${'\\"'.repeat(2_621_000)}😀\\u0001"}`;

/** A fake API that answers the body route as the server's own read does, from one stored record. */
const serverOf = (rawBody: string) => {
  const store = createMemoryDeadLetterStore([deadLetterRecordFactory({ id: "m-1", rawBody })]);
  return fakeApi(async (request: SeenRequest) => {
    const offset = request.url.searchParams.get("offset") ?? undefined;
    return json(200, await getDeadLetterBody({ queue: "orders", id: "m-1", offset }, { store }));
  });
};

describe("fifoq dlq body", () => {
  it("writes a 5 MiB body to stdout exactly, read along nextOffset in a few calls", async () => {
    // Arrange
    const api = serverOf(HEAVY);

    // Act
    const ran = await cli(["dlq", "body", "orders", "m-1"], { env, fetch: api.fetch });

    // Assert
    expect([ran.code, ran.stderr]).toEqual([0, ""]);
    expect(ran.stdout === HEAVY).toBe(true);
    expect(api.seen.length).toBeGreaterThan(1);
    expect(api.seen.length).toBeLessThan(10);
    expect(api.seen[0]?.url.pathname).toBe("/v1/queues/orders/dead-letters/m-1/body");
    expect(api.seen.map((seen) => seen.url.searchParams.get("offset"))[0]).toBe("0");
  });

  it("refuses a terminal (exit 2, nothing read) and says to redirect; --json prints it as JSON there", async () => {
    // Arrange
    const api = serverOf('{"n":1}');

    // Act
    const refused = await cli(["dlq", "body", "orders", "m-1"], { env, fetch: api.fetch, tty: true });
    const asJson = await cli(["--json", "dlq", "body", "orders", "m-1"], {
      env,
      fetch: api.fetch,
      tty: true,
    });

    // Assert
    expect([refused.code, refused.stdout]).toEqual([2, ""]);
    expect(refused.stderr).toContain("> body.json");
    expect(api.seen).toHaveLength(1);
    expect(asJson.code).toBe(0);
    expect(JSON.parse(asJson.stdout)).toEqual({ queue: "orders", id: "m-1", body: '{"n":1}' });
  });

  it("writes nothing for a lost body and says on stderr that it is empty (not a silent empty file)", async () => {
    // Arrange
    const store = createMemoryDeadLetterStore([
      deadLetterRecordFactory({ id: "m-1", rawBody: "", bodyTruncated: true }),
    ]);
    const api = fakeApi(async () =>
      json(200, await getDeadLetterBody({ queue: "orders", id: "m-1", offset: "0" }, { store })),
    );

    // Act
    const ran = await cli(["dlq", "body", "orders", "m-1"], { env, fetch: api.fetch });

    // Assert
    expect([ran.code, ran.stdout]).toEqual([0, ""]);
    expect(ran.stderr).toContain("the body is empty (a lost body reads as empty: fifoq dlq show orders m-1)");
  });
});

describe("the client's dead-letter body read", () => {
  it("stops with INVALID_RESPONSE after 64 calls of a server that never ends", async () => {
    // Arrange: every answer is one character further, without end
    const api = fakeApi((request) => {
      const offset = Number(request.url.searchParams.get("offset"));
      return json(200, { offset, text: "x", totalLength: 1e9, nextOffset: offset + 1 });
    });

    // Act
    const read = api.client().deadLetterBody("orders", "m-1");

    // Assert
    await expect(read).rejects.toThrow(FifoqClientError);
    await expect(read).rejects.toMatchObject({ code: "INVALID_RESPONSE", message: /after 64 calls/ });
    expect(api.seen).toHaveLength(64);
  });

  it("stops at the first slice that ends past the body's length (not after 64 such calls)", async () => {
    // Arrange: a 3-unit body, yet every answer carries 2 more units and a nextOffset
    const api = fakeApi((request) => {
      const offset = Number(request.url.searchParams.get("offset"));
      return json(200, { offset, text: "xx", totalLength: 3, nextOffset: offset + 2 });
    });

    // Act
    const read = api.client().deadLetterBody("orders", "m-1");

    // Assert
    await expect(read).rejects.toMatchObject({
      code: "INVALID_RESPONSE",
      message: /past the body's length 3/,
    });
    expect(api.seen).toHaveLength(2);
  });

  it.each([
    ["a slice that does not start where asked", { offset: 3, text: "abc", totalLength: 3 }],
    ["an end short of the length", { offset: 0, text: "ab", totalLength: 9 }],
    ["no text", { offset: 0, totalLength: 0 }],
  ])("refuses %s (INVALID_RESPONSE)", async (_case, answer) => {
    // Arrange
    const api = fakeApi(() => json(200, answer));

    // Act
    const read = api.client().deadLetterBody("orders", "m-1");

    // Assert
    await expect(read).rejects.toMatchObject({ code: "INVALID_RESPONSE" });
  });

  it("refuses a nextOffset that skips text, though the next slice follows it (INVALID_RESPONSE)", async () => {
    // Arrange: 0–2 then 5–9 of a 9-unit body: 3 units would be lost
    const api = fakeApi((request) =>
      request.url.searchParams.get("offset") === "5"
        ? json(200, { offset: 5, text: "abcd", totalLength: 9 })
        : json(200, { offset: 0, text: "ab", totalLength: 9, nextOffset: 5 }),
    );

    // Act
    const read = api.client().deadLetterBody("orders", "m-1");

    // Assert
    await expect(read).rejects.toMatchObject({ code: "INVALID_RESPONSE", message: /nextOffset 5/ });
  });

  it("reads one slice with the page call, from the offset given", async () => {
    // Arrange
    const api = serverOf("hello world");

    // Act
    const chunk = await api.client().deadLetterBodyChunk("orders", "m-1", { offset: 6 });

    // Assert
    expect(chunk).toEqual({ offset: 6, text: "world", totalLength: 11 });
  });
});
