import { describe, expect, it } from "vitest";
import {
  FifoqClientError,
  FifoqInputError,
  FifoqRedirectError,
  FifoqResponseTooLargeError,
} from "../../../client/src/index.js";
import { fakeApi, json } from "./fake-api";

const ACCEPTED = { messageId: "m-1", sequenceNumber: "1", queue: "orders", groupId: "g", dedupId: "d" };

/** A body that never ends: 64 KiB chunks for as long as the reader pulls. */
const endless = () => {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull: (controller) => {
      pulled += 1;
      controller.enqueue(new Uint8Array(65_536).fill(0x61));
    },
  });
  return { stream, pulled: () => pulled };
};

const cyclic = () => {
  const value: Record<string, unknown> = { a: 1 };
  value.self = value;
  return value;
};

describe("what the caller gives the client", () => {
  it.each([
    ["a BigInt", { amount: 10n }, /BigInt/],
    ["a cycle", cyclic(), /circular/],
    [
      "a throwing toJSON",
      {
        toJSON: () => {
          throw new Error("no");
        },
      },
      /no/,
    ],
  ])(
    "rejects a body with %s as FifoqInputError, never a synchronous throw, and sends nothing",
    async (_, body, reason) => {
      // Arrange
      const api = fakeApi(() => json(202, ACCEPTED));
      let settled: Promise<unknown> | undefined;

      // Act: calling must not throw; the promise rejects
      expect(() => {
        settled = api
          .client()
          .publish("orders", { body, groupId: "g" })
          .catch((error: unknown) => error);
      }).not.toThrow();
      const error = await settled;

      // Assert
      expect(error).toBeInstanceOf(FifoqInputError);
      expect(error).toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(reason) });
      expect(api.seen).toHaveLength(0);
    },
  );

  it("rejects a body nested too deep for JSON.stringify as FifoqInputError, not a RangeError", async () => {
    // Arrange: 100,000 levels of arrays
    const api = fakeApi(() => json(202, ACCEPTED));
    let body: unknown[] = [];
    for (let level = 0; level < 100_000; level += 1) body = [body];

    // Act
    const error = await api
      .client()
      .publish("orders", { body, groupId: "g" })
      .catch((caught: unknown) => caught);

    // Assert
    expect(error).toBeInstanceOf(FifoqInputError);
    expect((error as Error).message).toContain("nests too deeply");
  });

  it("rejects a batch with one bad message before sending any, naming its index", async () => {
    // Arrange
    const api = fakeApi(() => json(200, { results: [] }));
    const messages = [0, 1, 2, 3].map((n) => ({ body: n === 2 ? { n: 2n } : { n }, groupId: "g" }));

    // Act
    const error = await api
      .client()
      .publishBatch("orders", messages)
      .catch((caught: unknown) => caught);

    // Assert
    expect(error).toBeInstanceOf(FifoqInputError);
    expect(error).toMatchObject({ index: 2, message: expect.stringContaining("message 2") });
    expect(api.seen).toHaveLength(0);
  });

  it("rejects an id or cursor that is not well-formed text (a lone surrogate) without sending or retrying", async () => {
    // Arrange
    const api = fakeApi(() => json(200, { items: [] }));
    const client = api.client();

    // Act
    const byId = await client.getDeadLetter("orders", "x\ud800").catch((caught: unknown) => caught);
    const byCursor = await client
      .listDeadLetters("orders", { cursor: "\udc00" })
      .catch((caught: unknown) => caught);

    // Assert
    expect(byId).toBeInstanceOf(FifoqInputError);
    expect(byCursor).toBeInstanceOf(FifoqInputError);
    expect(api.seen).toHaveLength(0);
  });
});

describe("what the server answers the client", () => {
  it("asks fetch never to follow a redirect, and refuses a 3xx once, naming its Location escaped and cut", async () => {
    // Arrange: a 307 whose Location carries terminal escapes, a C1 control and a long tail
    const location = `http://127.0.0.1:9/steal\u001b]0;x\u0007\u0085?x=${"a".repeat(1_000)}`;
    const api = fakeApi(() => new Response(null, { status: 307, headers: { location } }));

    // Act
    const error = await api
      .client()
      .publish("orders", { body: 1, groupId: "g" })
      .catch((caught: unknown) => caught);

    // Assert
    expect(api.seen).toHaveLength(1);
    expect(api.seen[0]?.redirect).toBe("manual");
    expect(error).toBeInstanceOf(FifoqRedirectError);
    expect(error).toMatchObject({ code: "REDIRECT_REFUSED", status: 307 });
    const refused = error as FifoqRedirectError;
    expect(refused.location?.startsWith("http://127.0.0.1:9/steal\\x1b]0;x\\x07\\u0085?x=aaa")).toBe(true);
    expect(refused.location?.length).toBeLessThanOrEqual(300);
    expect(refused.location?.endsWith("a…")).toBe(true);
    expect(refused.message).toContain(`redirect (HTTP 307) to "${refused.location}"`);
  });

  it("refuses a browser's opaque redirect (status 0, no Location) as FifoqRedirectError", async () => {
    // Arrange: what a browser's fetch returns for redirect: "manual"
    const opaque = Object.defineProperty(new Response(null, { status: 200 }), "type", {
      value: "opaqueredirect",
    });
    Object.defineProperty(opaque, "status", { value: 0 });
    const api = fakeApi(() => opaque);

    // Act
    const error = await api
      .client()
      .queues()
      .catch((caught: unknown) => caught);

    // Assert
    expect(error).toBeInstanceOf(FifoqRedirectError);
    expect(error).toMatchObject({ status: 0, location: undefined });
    expect(api.seen).toHaveLength(1);
  });

  it("stops reading an endless answer just past maxResponseBytes, once, with a non-retryable error", async () => {
    // Arrange
    const body = endless();
    const api = fakeApi(() => new Response(body.stream, { status: 200 }));

    // Act
    const error = await api
      .client({ maxResponseBytes: 1_000_000 })
      .queues()
      .catch((caught: unknown) => caught);

    // Assert: 16 chunks of 64 KiB pass 1,000,000 bytes; a few more may be pulled ahead, never the stream
    expect(error).toBeInstanceOf(FifoqResponseTooLargeError);
    expect(error).toMatchObject({ code: "RESPONSE_TOO_LARGE", limitBytes: 1_000_000 });
    expect(body.pulled()).toBeLessThan(20);
    expect(api.seen).toHaveLength(1);
    expect(api.waits).toEqual([]);
  });

  it("refuses an answer whose Content-Length is over the limit before reading it; 16 MiB is the default", async () => {
    // Arrange
    const body = endless();
    const declared = fakeApi(
      () => new Response(body.stream, { status: 200, headers: { "content-length": String(700 * 2 ** 20) } }),
    );
    const justUnder = fakeApi(() => json(200, { queues: [], pad: "x".repeat(16 * 2 ** 20 - 30) }));

    // Act
    const error = await declared
      .client()
      .queues()
      .catch((caught: unknown) => caught);
    const read = await justUnder.client().queues();

    // Assert
    expect(error).toMatchObject({ code: "RESPONSE_TOO_LARGE", limitBytes: 16 * 2 ** 20 });
    expect(body.pulled()).toBeLessThanOrEqual(1);
    expect(declared.seen).toHaveLength(1);
    expect(read).toEqual([]);
  });

  it("refuses an answer nested deeper than any real answer as INVALID_RESPONSE, not a stack overflow later", async () => {
    // Arrange: 5,000 levels
    const deep = `${"[".repeat(5_000)}${"]".repeat(5_000)}`;
    const api = fakeApi(() => new Response(`{"items":${deep}}`, { status: 200 }));

    // Act
    const error = await api
      .client()
      .listDeadLetters("orders")
      .catch((caught: unknown) => caught);

    // Assert
    expect(error).toBeInstanceOf(FifoqClientError);
    expect(error).toMatchObject({ code: "INVALID_RESPONSE" });
    expect(api.seen).toHaveLength(1);
  });
});
