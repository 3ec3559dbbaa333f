import { describe, expect, it } from "vitest";
import type { Message } from "../../../client/src/index.js";
import { WIRE_LIMITS } from "../../../contract/index.js";
import { answerBatch, apiError, deferred, entriesOf, fakeApi, type SeenRequest } from "./fake-api";

const MiB = 1_048_576;
const ENVELOPE = '{"messages":[]}';

/** A message whose body is a text of `chars` ASCII characters. */
const sized = (chars: number, groupId: string, dedupId: string): Message => ({
  body: "x".repeat(chars),
  groupId,
  dedupId,
});

const small = (groupId: string, dedupId: string): Message => ({ body: { n: dedupId }, groupId, dedupId });

const requestBytes = (body: string | undefined) => new TextEncoder().encode(body ?? "").length;

/** The dedup ids of every request, request by request. */
const sentIds = (seen: readonly SeenRequest[]) =>
  seen.map((request) => entriesOf(request).map((entry) => entry.dedupId));

describe("publishBatch with entries up to the API's limits", () => {
  it("packs requests up to the API's request bytes, a 1.5 MiB and a 5 MiB entry included", async () => {
    // Arrange: two 1.5 MiB entries, one of 5 MiB (the API's largest message), three small ones
    const api = fakeApi(answerBatch());
    const input = [
      sized(1.5 * MiB, "g1", "a"),
      sized(1.5 * MiB, "g1", "b"),
      sized(WIRE_LIMITS.maxMessageBytes - 2, "g2", "c"),
      ...["d", "e", "f"].map((id) => small("g3", id)),
    ];

    // Act
    const result = await api.client().publishBatch("orders", input, { concurrency: 1 });

    // Assert: 3 MiB, then 5 MiB with the small ones beside it; every body whole
    expect(sentIds(api.seen)).toEqual([
      ["a", "b"],
      ["c", "d", "e", "f"],
    ]);
    expect(api.seen.every((request) => requestBytes(request.body) <= WIRE_LIMITS.maxRequestBytes)).toBe(true);
    expect(entriesOf(api.seen[1])[0]?.body).toBe(input[2]?.body);
    expect(result).toMatchObject({ accepted: 6, failed: 0 });
  });

  it("sends a group's 5 MiB entry only after its earlier 1.5 MiB part was accepted", async () => {
    // Arrange: one group; the first request is held
    const first = deferred<Response>();
    const accept = answerBatch();
    const api = fakeApi((request, seen) =>
      seen.length === 1 ? first.promise.then(() => accept(request)) : accept(request),
    );
    const input = [
      sized(1.5 * MiB, "g", "a"),
      sized(WIRE_LIMITS.maxMessageBytes - 2, "g", "b"),
      small("g", "c"),
    ];

    // Act
    const publishing = api.client().publishBatch("orders", input);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const sentWhileFirstPending = api.seen.length;
    first.resolve(new Response());
    const result = await publishing;

    // Assert
    expect(sentWhileFirstPending).toBe(1);
    expect(sentIds(api.seen)).toEqual([["a"], ["b", "c"]]);
    expect(result.results.map((entry) => entry.status)).toEqual(["accepted", "accepted", "accepted"]);
  });

  it("sends an entry whose request is exactly the API's limit, and fails one a byte larger without sending it", async () => {
    // Arrange: the body length that makes `{"messages":[<entry>]}` exactly maxRequestBytes
    const api = fakeApi(answerBatch());
    const overhead = requestBytes(ENVELOPE) + requestBytes(JSON.stringify(sized(0, "g", "d")));
    const fits = WIRE_LIMITS.maxRequestBytes - overhead;

    // Act
    const result = await api
      .client()
      .publishBatch("orders", [sized(fits, "g", "d"), sized(fits + 1, "h", "e")], { concurrency: 1 });

    // Assert
    expect(sentIds(api.seen)).toEqual([["d"]]);
    expect(requestBytes(api.seen[0]?.body)).toBe(WIRE_LIMITS.maxRequestBytes);
    expect(result.results[1]).toMatchObject({
      status: "failed",
      error: { code: "PAYLOAD_TOO_LARGE", retryable: false },
    });
  });

  it("fails an entry too large for any request alone: its group's later entries wait unsent, other groups go on", async () => {
    // Arrange: group g: small, 7 MiB, small; group h: two small ones
    const api = fakeApi(answerBatch());
    const input = [
      small("g", "g0"),
      sized(7 * MiB, "g", "g1"),
      small("g", "g2"),
      small("h", "h0"),
      small("h", "h1"),
    ];

    // Act
    const result = await api.client().publishBatch("orders", input, { concurrency: 2 });

    // Assert
    expect(result.results.map((entry) => entry.status)).toEqual([
      "accepted",
      "failed",
      "failed",
      "accepted",
      "accepted",
    ]);
    expect(result.results[1]).toMatchObject({
      error: {
        code: "PAYLOAD_TOO_LARGE",
        message: expect.stringContaining(`at most ${WIRE_LIMITS.maxRequestBytes} bytes a request`),
        retryable: false,
      },
    });
    expect(result.results[2]).toMatchObject({
      error: { code: "NOT_SENT_ORDER_PRESERVED", message: expect.stringContaining("message 1 of group") },
    });
    expect(sentIds(api.seen).flat().sort()).toEqual(["g0", "h0", "h1"]);
  });

  it("never sends an entry after an earlier one of its group failed, also when a later one is too large", async () => {
    // Arrange: g: small, 1.5 MiB (refused for good), 5 MiB (a request of its own), 7 MiB, small
    const api = fakeApi(answerBatch((entry) => entry.dedupId === "g1"));
    const input = [
      small("g", "g0"),
      sized(1.5 * MiB, "g", "g1"),
      sized(5 * MiB - 2, "g", "g2"),
      sized(7 * MiB, "g", "g3"),
      small("g", "g4"),
    ];

    // Act
    const result = await api.client().publishBatch("orders", input, { concurrency: 1 });

    // Assert
    expect(sentIds(api.seen)).toEqual([["g0", "g1"]]);
    expect(result.results.map((entry) => (entry.status === "failed" ? entry.error.code : "ok"))).toEqual([
      "ok",
      "REJECTED_BY_QUEUE",
      "NOT_SENT_ORDER_PRESERVED",
      "PAYLOAD_TOO_LARGE",
      "NOT_SENT_ORDER_PRESERVED",
    ]);
  });

  it("after a 413 of a request of several entries, sends smaller requests in the same order", async () => {
    // Arrange: what carries the request takes only 4 MiB (in AWS, Lambda's 6 MB counts the whole event)
    const accept = answerBatch();
    const api = fakeApi((request) =>
      requestBytes(request.body) > 4 * MiB ? apiError(413, "PAYLOAD_TOO_LARGE") : accept(request),
    );
    const input = ["a", "b", "c", "d"].map((id) => sized(1.5 * MiB, "g", id));

    // Act
    const result = await api.client().publishBatch("orders", input);

    // Assert
    expect(sentIds(api.seen)).toEqual([["a", "b", "c"], ["a"], ["b"], ["c"], ["d"]]);
    expect(result).toMatchObject({ accepted: 4, failed: 0 });
  });

  it("fails an entry alone when a request of it alone gets 413, and its group's later entries wait unsent", async () => {
    // Arrange
    const accept = answerBatch();
    const api = fakeApi((request) =>
      requestBytes(request.body) > 2 * MiB ? apiError(413, "PAYLOAD_TOO_LARGE") : accept(request),
    );
    const input = [small("g", "g0"), sized(3 * MiB, "g", "g1"), small("g", "g2"), small("h", "h0")];

    // Act
    const result = await api.client().publishBatch("orders", input, { concurrency: 1 });

    // Assert
    expect(result.results.map((entry) => (entry.status === "failed" ? entry.error.code : "ok"))).toEqual([
      "ok",
      "PAYLOAD_TOO_LARGE",
      "NOT_SENT_ORDER_PRESERVED",
      "ok",
    ]);
    expect(sentIds(api.seen)).toEqual([["g0", "g1", "g2", "h0"], ["g0"], ["g1"], ["h0"]]);
  });
});
