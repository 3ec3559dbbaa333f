import { describe, expect, it } from "vitest";
import type { Message } from "../../../client/src/index.js";
import { answerBatch, apiError, deferred, entriesOf, fakeApi, json } from "./fake-api";

const messages = (
  count: number,
  group: (index: number) => string,
  bodyOf = (index: number): unknown => ({ n: index }),
) =>
  Array.from(
    { length: count },
    (_, index): Message => ({ body: bodyOf(index), groupId: group(index), dedupId: `d-${index}` }),
  );

describe("publishBatch", () => {
  it("splits any number of messages into requests of at most 100 entries, each group in order", async () => {
    // Arrange
    const api = fakeApi(answerBatch());

    // Act
    const result = await api.client().publishBatch(
      "orders",
      messages(250, () => "g"),
    );

    // Assert
    expect(api.seen.map((request) => entriesOf(request).length)).toEqual([100, 100, 50]);
    expect(api.seen.flatMap((request) => entriesOf(request).map((entry) => entry.dedupId))).toEqual(
      messages(250, () => "g").map((message) => message.dedupId),
    );
    expect(result).toMatchObject({ accepted: 250, failed: 0 });
    expect(result.results[249]).toMatchObject({ index: 249, status: "accepted", messageId: "m-d-249" });
  });

  it("sends a group's later part only after its earlier part was accepted", async () => {
    // Arrange
    const first = deferred<Response>();
    const accept = answerBatch();
    const api = fakeApi((request, seen) =>
      seen.length === 1 ? first.promise.then(() => accept(request)) : accept(request),
    );

    // Act
    const publishing = api.client().publishBatch(
      "orders",
      messages(150, () => "g"),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    const inFlightWhileFirstPending = api.seen.length;
    first.resolve(new Response());
    await publishing;

    // Assert
    expect(inFlightWhileFirstPending).toBe(1);
    expect(api.seen).toHaveLength(2);
  });

  it("sends disjoint groups side by side, each in its own lane", async () => {
    // Arrange
    const held = deferred<void>();
    const accept = answerBatch();
    const api = fakeApi((request) => held.promise.then(() => accept(request)));

    // Act
    const publishing = api.client().publishBatch(
      "orders",
      messages(200, (index) => (index % 2 === 0 ? "a" : "b")),
      { concurrency: 2 },
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    const concurrent = api.seen.map((request) => [
      ...new Set(entriesOf(request).map((entry) => entry.groupId)),
    ]);
    held.resolve();
    const result = await publishing;

    // Assert
    expect(concurrent).toEqual([["a"], ["b"]]);
    expect(result.accepted).toBe(200);
  });

  it("resends entries the API reports as retryable, in their order, with the same text", async () => {
    // Arrange: the first call accepts entry 0 and reports 1 and 2 as retryable
    const accept = answerBatch();
    const api = fakeApi((request, seen) => {
      if (seen.length > 1) return accept(request);
      return json(200, {
        results: [
          { index: 0, status: "accepted", messageId: "m-0", sequenceNumber: "1" },
          {
            index: 1,
            status: "failed",
            error: { code: "UPSTREAM_UNAVAILABLE", message: "SQS failed", retryable: true },
          },
          {
            index: 2,
            status: "failed",
            error: { code: "NOT_SENT_ORDER_PRESERVED", message: "held back", retryable: true },
          },
        ],
      });
    });

    // Act
    const result = await api.client().publishBatch(
      "orders",
      messages(3, () => "g"),
    );

    // Assert
    expect(entriesOf(api.seen[1]).map((entry) => entry.dedupId)).toEqual(["d-1", "d-2"]);
    expect(api.seen[1]?.body).toContain(JSON.stringify(entriesOf(api.seen[0])[1]));
    expect(api.waits).toHaveLength(1);
    expect(result).toMatchObject({ accepted: 3, failed: 0 });
  });

  it("stops a group after a message that failed for good; other groups go on", async () => {
    // Arrange
    const accept = answerBatch();
    const refuseFirst = answerBatch((entry) => entry.dedupId === "d-0");
    const api = fakeApi((request, seen) => (seen.length > 1 ? accept : refuseFirst)(request));
    const input = [
      ...messages(1, () => "bad"),
      ...messages(150, (index) => (index < 100 ? "ok" : "bad")).slice(1),
    ];

    // Act
    const result = await api.client().publishBatch("orders", input, { concurrency: 1 });

    // Assert
    expect(result.results[0]).toMatchObject({ status: "failed", error: { code: "REJECTED_BY_QUEUE" } });
    expect(result.results[120]).toMatchObject({
      status: "failed",
      error: { code: "NOT_SENT_ORDER_PRESERVED" },
    });
    expect(
      api.seen.slice(1).flatMap((request) => entriesOf(request).map((entry) => entry.groupId)),
    ).not.toContain("bad");
    expect(result.results.filter((entry) => entry.status === "accepted")).toHaveLength(99);
  });

  it("fails only the invalid entries of a refused request and sends the valid ones again", async () => {
    // Arrange
    const accept = answerBatch();
    const api = fakeApi((request, seen) =>
      seen.length === 1
        ? apiError(400, "INVALID_MESSAGE", {}, [{ index: 1, field: "groupId", message: "has a space" }])
        : accept(request),
    );

    // Act
    const result = await api.client().publishBatch(
      "orders",
      messages(3, (index) => `g${index}`),
      { concurrency: 1 },
    );

    // Assert
    expect(result.results[1]).toMatchObject({
      status: "failed",
      error: { code: "INVALID_MESSAGE", message: "groupId has a space", retryable: false },
    });
    expect(entriesOf(api.seen[1]).map((entry) => entry.dedupId)).toEqual(["d-0", "d-2"]);
    expect(result).toMatchObject({ accepted: 2, failed: 1 });
  });

  it("fails a refused request whole when its details name none of its entries (no endless resending)", async () => {
    // Arrange
    const api = fakeApi(() => apiError(400, "INVALID_MESSAGE", {}, [{ index: 7, message: "bad" }]));

    // Act
    const result = await api.client().publishBatch(
      "orders",
      messages(2, (index) => `g${index}`),
      { concurrency: 1 },
    );

    // Assert
    expect(api.seen).toHaveLength(1);
    expect(result).toMatchObject({ accepted: 0, failed: 2 });
  });

  it("stops everything on an error every request would get (a wrong key) and reports each message", async () => {
    // Arrange
    const api = fakeApi(() => apiError(403, "UNAUTHORIZED"));
    const progress: number[] = [];

    // Act
    const result = await api.client().publishBatch(
      "orders",
      messages(300, () => "g"),
      {
        onProgress: (done) => progress.push(done.failed),
      },
    );

    // Assert
    expect(api.seen).toHaveLength(1);
    expect(result).toMatchObject({ accepted: 0, failed: 300 });
    expect(result.results[299]).toMatchObject({
      status: "failed",
      error: { code: "UNAUTHORIZED", retryable: false },
    });
    expect(progress.at(-1)).toBe(300);
  });

  it("reports progress after each request", async () => {
    // Arrange
    const api = fakeApi(answerBatch());
    const progress: { accepted: number; total: number }[] = [];

    // Act
    await api.client().publishBatch(
      "orders",
      messages(201, () => "g"),
      { onProgress: ({ accepted, total }) => progress.push({ accepted, total }) },
    );

    // Assert
    expect(progress).toEqual([
      { accepted: 100, total: 201 },
      { accepted: 200, total: 201 },
      { accepted: 201, total: 201 },
    ]);
  });
});
