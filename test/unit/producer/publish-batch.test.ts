import { describe, expect, it } from "vitest";
import type { BatchEntryResult } from "../../../contract";
import { InvalidMessageError, UpstreamUnavailableError } from "../../../functions/core/http/errors";
import { publishBatch } from "../../../functions/core/producer/publish-batch";
import type { BatchEntry } from "../../../functions/core/producer/types";
import { acceptAll, queueTarget, recordingSender } from "./fakes";

/** The entry's failure, when it failed. */
const errorOf = (result: BatchEntryResult) => (result.status === "failed" ? result.error : undefined);

const entry = (index: number, groupId = `g${index % 3}`) => ({
  body: { n: index },
  groupId,
  dedupId: `d-${index}`,
});
const entries = (count: number, groupOf?: (index: number) => string) =>
  Array.from({ length: count }, (_, index) => entry(index, groupOf?.(index)));

const publish = (payload: unknown, sender = recordingSender(), idempotencyKey?: string) =>
  publishBatch({ queue: queueTarget(), payload, idempotencyKey }, { sender });

const rejectionOf = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable("expected a rejection"),
    (error: unknown) => error,
  );

describe("publishBatch", () => {
  it("accepts every entry and reports them in request order", async () => {
    // Arrange
    const sender = recordingSender();
    // Act
    const { results } = await publish({ messages: entries(25) }, sender);
    // Assert
    expect(results.map((result) => result.index)).toEqual(Array.from({ length: 25 }, (_, index) => index));
    for (const result of results) {
      expect(result).toEqual({
        index: result.index,
        status: "accepted",
        messageId: expect.any(String),
        sequenceNumber: expect.any(String),
      });
    }
    expect(sender.batches.every((batch) => batch.length <= 10)).toBe(true);
  });

  it("hands SQS each group's entries in request order", async () => {
    // Arrange
    const sender = recordingSender();

    // Act
    await publish({ messages: entries(40, (index) => `g${index % 4}`) }, sender);

    // Assert
    const sentOrder = sender.batches.flat().map((batchEntry) => batchEntry.message);
    for (const group of ["g0", "g1", "g2", "g3"]) {
      const order = sentOrder
        .filter((message) => message.groupId === group)
        .map((message) => JSON.parse(message.body).n);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });

  describe("refuses the request, sending nothing,", () => {
    it.each([
      ["a non-object body", [1], "INVALID_MESSAGE", undefined],
      ["an unknown top-level field", { messages: entries(1), extra: 1 }, "INVALID_MESSAGE", "extra"],
      ["messages that is not an array", { messages: {} }, "INVALID_MESSAGE", "messages"],
      ["an empty batch", { messages: [] }, "INVALID_MESSAGE", "messages"],
      ["101 messages", { messages: entries(101) }, "BATCH_TOO_LARGE", undefined],
    ])("for %s", async (_, payload, code, field) => {
      const sender = recordingSender();
      const error = await rejectionOf(publish(payload, sender));
      expect(error).toMatchObject({ code, status: 400 });
      if (field) expect(error).toMatchObject({ details: [{ field }] });
      expect(sender.batches).toHaveLength(0);
    });

    it("for an Idempotency-Key header (each entry needs its own dedupId)", async () => {
      // Arrange
      const sender = recordingSender();

      // Act and assert
      await expect(publish({ messages: entries(2) }, sender, "key-1")).rejects.toMatchObject({
        code: "INVALID_MESSAGE",
        details: [{ field: "Idempotency-Key" }],
      });

      // Assert: nothing was sent
      expect(sender.batches).toHaveLength(0);
    });

    it("when one entry of many is invalid, listing every problem with its index", async () => {
      // Arrange: entries 3 and 7 invalid
      const messages: unknown[] = entries(10);
      messages[3] = { body: 1, groupId: "", dedupId: "x" };
      messages[7] = { groupId: "g", dedupId: "y", colour: "red" };
      const sender = recordingSender();
      // Act
      const error = await rejectionOf(publish({ messages }, sender));
      // Assert
      expect(error).toBeInstanceOf(InvalidMessageError);
      expect(error).toMatchObject({
        message: expect.stringContaining("2 of 10 messages are invalid"),
        details: [
          { index: 3, field: "groupId", message: expect.any(String) },
          { index: 7, field: "colour", message: expect.any(String) },
          { index: 7, field: "body", message: expect.any(String) },
        ],
      });
      expect(sender.batches).toHaveLength(0);
    });

    it("when an entry is above 1 MiB (400 with the entry's index, not 413)", async () => {
      // Arrange
      const messages = [entry(0), { ...entry(1), body: "x".repeat(1_048_576) }];
      const sender = recordingSender();

      // Act and assert
      await expect(publish({ messages }, sender)).rejects.toMatchObject({
        status: 400,
        code: "INVALID_MESSAGE",
        details: [{ index: 1, field: "body", message: expect.stringContaining("at most 1048576") }],
      });

      // Assert: nothing was sent
      expect(sender.batches).toHaveLength(0);
    });

    it("when an entry has no dedup id and the queue has content-based deduplication off", async () => {
      // Arrange
      const sender = recordingSender();

      // Act and assert
      await expect(
        publish({ messages: [entry(0), { body: 1, groupId: "g" }] }, sender),
      ).rejects.toMatchObject({
        details: [
          { index: 1, field: "dedupId", message: expect.stringContaining('give the entry a "dedupId"') },
        ],
      });
    });
  });

  it("falls back to content-based dedup ids per entry when the queue has it on", async () => {
    // Arrange
    const sender = recordingSender();

    // Act
    await publishBatch(
      {
        queue: queueTarget({ contentBasedDeduplication: true }),
        payload: { messages: [{ body: "a", groupId: "g" }] },
      },
      { sender },
    );

    // Assert
    expect(sender.batches[0]?.[0]?.message.dedupId).toMatch(/^[0-9a-f]{64}$/);
  });

  it("reports entries SQS refused, with retryable from SenderFault, and holds back their groups' later entries", async () => {
    // Arrange SQS refuses entry 0 (sender fault, group a) and entry 1 (server fault, group b)
    const sender = recordingSender((batch: readonly BatchEntry[]) => {
      const accepted = acceptAll(batch.filter((item) => !["0", "1"].includes(item.id)));
      const failed = batch
        .filter((item) => ["0", "1"].includes(item.id))
        .map((item) => ({
          id: item.id,
          code: "InternalError",
          message: "nope",
          senderFault: item.id === "0",
        }));
      return { successful: accepted.successful, failed };
    });
    const messages = [
      entry(0, "a"),
      entry(1, "b"),
      entry(2, "c"),
      ...entries(11, () => "a").map((e, i) => ({ ...e, dedupId: `a-${i}` })),
    ];
    // Act
    const { results } = await publish({ messages }, sender);
    // Assert
    expect(results[0]).toMatchObject({
      status: "failed",
      error: { code: "REJECTED_BY_QUEUE", retryable: false },
    });
    expect(results[1]).toMatchObject({
      status: "failed",
      error: { code: "UPSTREAM_UNAVAILABLE", retryable: true },
    });
    expect(results[2]).toMatchObject({ status: "accepted" });
    // entries 3..12 of group a: those in the same SQS call as entry 0 were sent by SQS's own rules, later ones held back
    const heldBack = results
      .filter((result) => errorOf(result)?.code === "NOT_SENT_ORDER_PRESERVED")
      .map((result) => result.index);
    expect(heldBack.length).toBeGreaterThan(0);
    const sentIds = new Set(sender.batches.flat().map((item) => Number(item.id)));
    for (const index of heldBack) expect(sentIds.has(index)).toBe(false);
  });

  it("reports a failed SendMessageBatch call's entries as retryable and holds back the rest of their groups only", async () => {
    // Arrange: the call holding group "a"'s first 10 entries fails; "b" is independent
    const sender = recordingSender((batch) => {
      if (batch.some((item) => item.message.groupId === "a") && batch.length === 10) {
        throw new UpstreamUnavailableError("SQS is unavailable", { retryAfterSeconds: 2 });
      }
      return acceptAll(batch);
    });
    const messages = [
      ...entries(12, () => "a"),
      ...entries(3, () => "b").map((e, i) => ({ ...e, dedupId: `b-${i}` })),
    ];
    // Act
    const { results } = await publish({ messages }, sender);
    // Assert
    expect(
      results
        .slice(0, 10)
        .every((result) => errorOf(result)?.code === "UPSTREAM_UNAVAILABLE" && errorOf(result)?.retryable),
    ).toBe(true);
    expect(
      results
        .slice(10, 12)
        .every(
          (result) => errorOf(result)?.code === "NOT_SENT_ORDER_PRESERVED" && errorOf(result)?.retryable,
        ),
    ).toBe(true);
    expect(results.slice(12).every((result) => result.status === "accepted")).toBe(true);
  });

  it("answers 503 when SQS is unreachable for every entry (nothing was enqueued)", async () => {
    // Arrange: SQS is unreachable
    const sender = recordingSender(() => {
      throw new UpstreamUnavailableError("SQS is unavailable", { retryAfterSeconds: 2 });
    });

    // Act and assert
    await expect(publish({ messages: entries(25, () => "a") }, sender)).rejects.toMatchObject({
      status: 503,
      code: "UPSTREAM_UNAVAILABLE",
      headers: { "Retry-After": "2" },
    });

    // Assert
    // the chain stopped after the first failed call
    expect(sender.batches).toHaveLength(1);
  });

  it("reports SEND_FAILED (not retryable) for an unclassified call failure and hands the error to onSendError", async () => {
    // Arrange
    const errors: unknown[] = [];
    const failure = Object.assign(new Error("Access denied"), { name: "AccessDenied" });
    const sender = recordingSender(() => {
      throw failure;
    });

    // Act
    const { results } = await publishBatch(
      { queue: queueTarget(), payload: { messages: entries(2) } },
      { sender, onSendError: (error) => errors.push(error) },
    );

    // Assert
    expect(results.map(errorOf)).toEqual([
      { code: "SEND_FAILED", message: expect.stringContaining("logs"), retryable: false },
      { code: "SEND_FAILED", message: expect.stringContaining("logs"), retryable: false },
    ]);
    expect(errors).toEqual([failure]); // both entries went in one SendMessageBatch call
  });
});
