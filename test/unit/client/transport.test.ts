import { describe, expect, it } from "vitest";
import {
  ConflictError,
  FifoqNetworkError,
  FifoqTimeoutError,
  ForbiddenError,
  InvalidRequestError,
  NotFoundError,
  QueueNotFoundError,
  ThrottledError,
  UnauthorizedError,
  UnavailableError,
} from "../../../client/src/index.js";
import { apiError, fakeApi, json } from "./fake-api";

const ACCEPTED = { messageId: "m-1", sequenceNumber: "1", queue: "orders", groupId: "g", dedupId: "d" };
const message = { body: { orderId: "o-1" }, groupId: "g", dedupId: "d" };

describe("FifoqClient requests and retries", () => {
  it("sends the key and JSON, and returns the parsed answer", async () => {
    // Arrange
    const api = fakeApi(() => json(202, ACCEPTED));

    // Act
    const result = await api.client().publish("orders", message);

    // Assert
    expect(result).toEqual(ACCEPTED);
    const [request] = api.seen;
    expect(request?.method).toBe("POST");
    expect(request?.url.href).toBe("https://api.example.test/v1/queues/orders/messages");
    expect(request?.headers).toMatchObject({ "x-api-key": "test-key", "content-type": "application/json" });
    expect(JSON.parse(request?.body ?? "")).toEqual(message);
  });

  it("retries a 429 after at least its Retry-After, with the same bytes (same dedup id)", async () => {
    // Arrange
    const api = fakeApi((_, seen) =>
      seen.length < 3 ? apiError(429, "THROTTLED", { "retry-after": "2" }) : json(202, ACCEPTED),
    );

    // Act
    await api.client().publish("orders", message);

    // Assert
    expect(api.seen).toHaveLength(3);
    expect(api.waits).toEqual([2000, 2000]);
    expect(new Set(api.seen.map((request) => request.body)).size).toBe(1);
  });

  it("backs off exponentially with jitter on 503 and network errors, then gives up with the last error", async () => {
    // Arrange
    let calls = 0;
    const api = fakeApi(() => {
      calls += 1;
      if (calls % 2 === 0) throw new TypeError("fetch failed");
      return apiError(503, "UPSTREAM_UNAVAILABLE");
    });

    // Act
    const error = await api
      .client({ retry: { maxAttempts: 5, baseDelayMs: 100 } })
      .queues()
      .catch((caught: unknown) => caught);

    // Assert
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", status: 503 });
    expect(api.seen).toHaveLength(5);
    // random() = 0.5: half of 100, 200, 400, 800
    expect(api.waits).toEqual([50, 100, 200, 400]);
  });

  it("retries a content-deduplicated message (no dedupId) with the identical body and no dedupId of its own", async () => {
    // Arrange
    const api = fakeApi((_, seen) =>
      seen.length === 1 ? apiError(503, "UPSTREAM_UNAVAILABLE") : json(202, ACCEPTED),
    );

    // Act
    await api.client().publish("orders", { body: { orderId: "o-2" }, groupId: "g" });

    // Assert
    const [first, second] = api.seen;
    expect(second?.body).toBe(first?.body);
    expect(JSON.parse(first?.body ?? "")).toEqual({ body: { orderId: "o-2" }, groupId: "g" });
  });

  it("does not retry a request the API refused, and carries its code, status and details", async () => {
    // Arrange
    const detail = { index: 0, field: "groupId", message: "is required" };
    const api = fakeApi(() => apiError(400, "INVALID_MESSAGE", {}, [detail]));

    // Act
    const error = await api
      .client()
      .publish("orders", message)
      .catch((caught: unknown) => caught);

    // Assert
    expect(api.seen).toHaveLength(1);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ code: "INVALID_MESSAGE", status: 400, details: [detail] });
  });

  it("gives up at once when Retry-After asks for longer than maxDelayMs", async () => {
    // Arrange
    const api = fakeApi(() => apiError(503, "UPSTREAM_UNAVAILABLE", { "retry-after": "120" }));

    // Act
    const error = await api
      .client({ retry: { maxDelayMs: 10_000 } })
      .queues()
      .catch((caught: unknown) => caught);

    // Assert
    expect(api.seen).toHaveLength(1);
    expect(error).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", retryAfterSeconds: 120 });
  });

  it.each([
    [403, "UNAUTHORIZED", UnauthorizedError],
    [403, "FORBIDDEN", ForbiddenError],
    [404, "QUEUE_NOT_FOUND", QueueNotFoundError],
    [404, "NOT_FOUND", NotFoundError],
    [409, "DEAD_LETTER_CONFLICT", ConflictError],
    [400, "INVALID_QUERY", InvalidRequestError],
  ])("maps %i %s to its error class", async (status, code, ErrorClass) => {
    const api = fakeApi(() => apiError(status, code));

    const error = await api
      .client()
      .getDeadLetter("orders", "x")
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({ code, status });
  });

  it("describes an answer that is not the contract's error shape, without retrying it", async () => {
    // Arrange
    const api = fakeApi(() => new Response("<html>Bad Gateway</html>", { status: 502 }));

    // Act
    const error = await api
      .client()
      .queues()
      .catch((caught: unknown) => caught);

    // Assert
    expect(api.seen).toHaveLength(1);
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error).toMatchObject({ code: "HTTP_502", message: expect.stringContaining("Bad Gateway") });
  });

  it("retries 429 THROTTLED until the attempts are used up, then throws ThrottledError", async () => {
    // Arrange
    const api = fakeApi(() => apiError(429, "THROTTLED"));

    // Act
    const error = await api
      .client({ retry: { maxAttempts: 3 } })
      .queues()
      .catch((caught: unknown) => caught);

    // Assert
    expect(error).toBeInstanceOf(ThrottledError);
    expect(api.seen).toHaveLength(3);
  });

  it("turns a request with no answer into a TIMEOUT, retried like a network error", async () => {
    // Arrange
    const api = fakeApi(() => json(200, { queues: [] }));
    const hanging = async (_: RequestInfo | URL, init: RequestInit = {}) =>
      new Promise<Response>((_, reject) =>
        init.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))),
      );

    // Act
    const error = await api
      .client({ fetch: hanging as typeof fetch, timeoutMs: 5, retry: { maxAttempts: 2 } })
      .queues()
      .catch((caught: unknown) => caught);

    // Assert
    expect(error).toBeInstanceOf(FifoqTimeoutError);
    expect(error).toBeInstanceOf(FifoqNetworkError);
    expect(error).toMatchObject({ code: "TIMEOUT" });
    expect(api.waits).toHaveLength(1);
  });

  it("encodes queue names and ids as single path segments", async () => {
    // Arrange
    const api = fakeApi(() => json(204, undefined));

    // Act
    await api.client().discardDeadLetter("orders", "a/b?c");

    // Assert
    expect(api.seen[0]?.url.pathname).toBe("/v1/queues/orders/dead-letters/a%2Fb%3Fc");
    expect(api.seen[0]?.method).toBe("DELETE");
  });

  it("passes the dead-letter filter as query parameters and leaves unset ones out", async () => {
    // Arrange
    const api = fakeApi(() => json(200, { items: [] }));

    // Act
    await api.client().listDeadLetters("orders", { groupId: "g 1", status: "new", limit: 5 });

    // Assert
    expect(Object.fromEntries(api.seen[0]?.url.searchParams ?? [])).toEqual({
      groupId: "g 1",
      status: "new",
      limit: "5",
    });
  });

  it("follows the cursor when iterating every dead letter", async () => {
    // Arrange
    const api = fakeApi((request) =>
      request.url.searchParams.get("cursor") === "c2"
        ? json(200, { items: [{ id: "3" }] })
        : json(200, { items: [{ id: "1" }, { id: "2" }], nextCursor: "c2" }),
    );

    // Act
    const ids: string[] = [];
    for await (const letter of api.client().deadLetters("orders", { status: "new" })) ids.push(letter.id);

    // Assert
    expect(ids).toEqual(["1", "2", "3"]);
    expect(api.seen.map((request) => request.url.searchParams.get("limit"))).toEqual(["100", "100"]);
  });
});
