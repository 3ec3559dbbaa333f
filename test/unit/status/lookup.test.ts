import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { claimKey, commitKey } from "../../../functions/core/idempotency/store-port";
import { InvalidStatusQueryError, MessageNotFoundError } from "../../../functions/core/status/errors";
import { lookupStatus, type StatusSources } from "../../../functions/core/status/lookup";
import { createInMemoryIdempotencyStore } from "../../support/in-memory-store";

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);
const IDEMPOTENCY = { scope: "messageGroup", windowSeconds: 3600 } as const;

/** Sources over the in-memory idempotency store, counting every read. */
const sourcesWith = (memory = createInMemoryIdempotencyStore()) => {
  const reads: string[] = [];
  const read = <T>(what: string, answer: () => Promise<T>) => {
    reads.push(what);
    return answer();
  };
  const sources: StatusSources = {
    idempotency: {
      readClaims: (keys) => read(`claims:${keys.join()}`, () => memory.readClaims(keys)),
      readCommits: (keys) => read(`commits:${keys.join()}`, () => memory.readCommits(keys)),
    },
    latestDeadLetter: () => read("dead-letter", async () => undefined),
    scheduled: () => read("scheduled", async () => undefined),
  };
  return { memory, reads, sources };
};

const query = (groupId: string | undefined, dedupId: string) => ({
  queue: "orders",
  groupId,
  dedupId,
  idempotency: IDEMPOTENCY,
  nowMs: NOW,
});

describe("status lookup: checked ids, a bounded number of keyed reads", () => {
  it("reads the claim, then its batch's commit, the dead letter and the scheduled holder: at most 4 + 1 reads", async () => {
    // Arrange: the claim is held by batch b-1, whose commit lists its slot
    const { memory, reads, sources } = sourcesWith();
    const key = claimKey("orders", "messageGroup", { groupId: "g-1", dedupId: "d-1" });
    const claim = {
      batchId: "b-1",
      slot: 0,
      messageId: "m",
      leaseUntilMs: 0,
      expiresAtS: NOW / 1000 + 60,
      done: false,
      attempts: 2,
    };
    await memory.claimAll([{ key, claim }]);
    await memory.commit(commitKey("orders", "b-1"), {
      slots: [0],
      final: true,
      expiresAtS: NOW / 1000 + 60,
      atMs: NOW - 10,
    });

    // Act
    const status = await lookupStatus(query("g-1", "d-1"), sources);

    // Assert
    expect(status).toEqual({
      queue: "orders",
      groupId: "g-1",
      dedupId: "d-1",
      status: "processed",
      processedAt: new Date(NOW - 10).toISOString(),
      attempts: 2,
    });
    expect(reads.sort()).toEqual(
      [`claims:${key}`, `commits:${commitKey("orders", "b-1")}`, "dead-letter", "scheduled"].sort(),
    );
  });

  it("reads no claim when the queue's idempotency is off or not known", async () => {
    // Arrange
    const { reads, sources } = sourcesWith();

    // Act
    const off = lookupStatus(
      { ...query("g-1", "d-1"), idempotency: { ...IDEMPOTENCY, windowSeconds: 0 } },
      sources,
    );
    const unknown = lookupStatus({ ...query("g-1", "d-1"), idempotency: undefined }, sources);

    // Assert
    await expect(off).rejects.toBeInstanceOf(MessageNotFoundError);
    await expect(unknown).rejects.toBeInstanceOf(MessageNotFoundError);
    expect(reads.filter((read) => read.startsWith("claims"))).toEqual([]);
  });

  it("nothing recorded: MESSAGE_NOT_FOUND with the honest reason", async () => {
    // Act
    const lookup = lookupStatus(query("g-1", "d-1"), sourcesWith().sources);

    // Assert
    await expect(lookup).rejects.toMatchObject({
      code: "MESSAGE_NOT_FOUND",
      status: 404,
      message: expect.stringMatching(/not published, already expired, or published and not yet received/),
    });
  });

  it("a schedule tick's fifoq- dedupId is a dedupId like any other here", async () => {
    // Act
    const lookup = lookupStatus(query("g-1", "fifoq-tick-nightly-2026-12-07T00:00Z"), sourcesWith().sources);

    // Assert
    await expect(lookup).rejects.toBeInstanceOf(MessageNotFoundError);
  });

  it("a missing groupId is 400 INVALID_QUERY, before any read", async () => {
    // Arrange
    const { reads, sources } = sourcesWith();

    // Act
    const missing = lookupStatus(query(undefined, "d-1"), sources);
    const empty = lookupStatus(query("", "d-1"), sources);

    // Assert
    await expect(missing).rejects.toMatchObject({ code: "INVALID_QUERY", message: "groupId is required" });
    await expect(empty).rejects.toMatchObject({ code: "INVALID_QUERY" });
    expect(reads).toEqual([]);
  });

  it("any id a publish would refuse is refused here, with a bounded message and no read", async () => {
    // Arrange
    const bad = fc.oneof(
      fc.string({ minLength: 129, maxLength: 3000 }),
      fc.string({ minLength: 1, maxLength: 40 }).map((text) => `${text} \u0000\u00e9`),
    );

    // Act and assert
    await fc.assert(
      fc.asyncProperty(bad, fc.boolean(), async (id, inGroup) => {
        const { reads, sources } = sourcesWith();
        const lookup = lookupStatus(inGroup ? query(id, "d-1") : query("g-1", id), sources);
        await expect(lookup).rejects.toBeInstanceOf(InvalidStatusQueryError);
        await lookup.catch((error: Error) => expect(error.message.length).toBeLessThan(200));
        expect(reads).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
