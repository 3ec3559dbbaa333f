import { describe, expect, it } from "vitest";
import type { Claim, Commit, IdempotencyStore } from "../../../functions/core/idempotency/store-port";

const NOW_MS = 1_900_000_000_000;

const claim = (batchId: string, slot = 0): Claim => ({
  batchId,
  slot,
  messageId: `m-${batchId}-${slot}`,
  leaseUntilMs: 1_900_000_000_123,
  expiresAtS: 1_900_003_600,
  done: false,
});

/**
 * The behaviour every `IdempotencyStore` must have: run against the in-memory store (unit) and against
 * DynamoDB Local (integration). `makeStore` gives a store on an empty keyspace; `prefix` keeps keys apart.
 */
export const describeStoreContract = (name: string, makeStore: () => IdempotencyStore) => {
  let run = 0;
  const keys = () => {
    run += 1;
    return (suffix: string) => `c#contract-${run}#${suffix}`;
  };

  describe(`${name}: idempotency store contract`, () => {
    it("puts claims if absent, one result per claim in order", async () => {
      const store = makeStore();
      const key = keys();
      expect(await store.claimAll([{ key: key("a"), claim: claim("b1") }])).toEqual([{ kind: "claimed" }]);
      const results = await store.claimAll([
        { key: key("b"), claim: claim("b2", 0) },
        { key: key("a"), claim: claim("b2", 1) },
      ]);
      expect(results).toEqual([{ kind: "claimed" }, { kind: "exists" }]);
      const read = await store.readClaims([key("a"), key("b"), key("missing")]);
      expect(read).toEqual(
        new Map([
          [key("a"), claim("b1")],
          [key("b"), claim("b2", 0)],
        ]),
      );
    });

    it("takes a claim over only from the batch that holds it", async () => {
      const store = makeStore();
      const key = keys();
      await store.claimAll([{ key: key("a"), claim: claim("b1") }]);
      const results = await store.takeOverAll([
        { key: key("a"), claim: claim("b2", 3), fromBatchId: "b1", nowMs: NOW_MS },
        { key: key("missing"), claim: claim("b2", 4), fromBatchId: "b1", nowMs: NOW_MS },
      ]);
      expect(results).toEqual([{ kind: "taken" }, { kind: "lost", current: undefined }]);
      const again = await store.takeOverAll([
        { key: key("a"), claim: claim("b3"), fromBatchId: "b1", nowMs: NOW_MS },
      ]);
      expect(again).toEqual([{ kind: "lost", current: claim("b2", 3) }]);
      expect((await store.readClaims([key("a")])).get(key("a"))).toEqual(claim("b2", 3));
    });

    it("grows a commit until a taker-over aborts it; the abort answers what made it", async () => {
      const store = makeStore();
      const key = keys()("commit").replace("c#", "b#");
      expect(
        await store.commit(key, { slots: [2, 0], final: false, expiresAtS: 1_900_003_600, atMs: NOW_MS }),
      ).toEqual({
        kind: "written",
      });
      // a replayed write changes nothing; a later one adds
      await store.commit(key, { slots: [2, 0], final: false, expiresAtS: 1_900_003_600, atMs: NOW_MS + 1 });
      await store.commit(key, { slots: [5, 2], final: false, expiresAtS: 1_900_003_600, atMs: NOW_MS + 2 });
      // each slot keeps the time of the first write that carried it
      const doneAtMs = new Map([
        [0, NOW_MS],
        [2, NOW_MS],
        [5, NOW_MS + 2],
      ]);
      const open: Commit = {
        doneSlots: [0, 2, 5],
        doneAtMs,
        final: false,
        aborted: false,
        expiresAtS: 1_900_003_600,
      };
      expect(await store.readCommits([key, `${key}-missing`])).toEqual(new Map([[key, open]]));
      const aborted = await store.abort(key, 1);
      expect(aborted).toEqual({ ...open, aborted: true });
      expect(
        await store.commit(key, { slots: [7], final: true, expiresAtS: 1_900_003_600, atMs: NOW_MS }),
      ).toEqual({
        kind: "aborted",
        current: aborted,
      });
      expect((await store.readCommits([key])).get(key)).toEqual(aborted);
    });

    it("seals a commit as final, with or without slots, and creates an aborted one when absent", async () => {
      const store = makeStore();
      const key = keys();
      const [owner, gone] = [key("final").replace("c#", "b#"), key("gone").replace("c#", "b#")];
      await store.commit(owner, { slots: [], final: true, expiresAtS: 1_900_003_600, atMs: NOW_MS });
      expect((await store.readCommits([owner])).get(owner)).toEqual({
        doneSlots: [],
        final: true,
        aborted: false,
        expiresAtS: 1_900_003_600,
      });
      expect(await store.abort(gone, 1_900_000_060)).toEqual({
        doneSlots: [],
        final: false,
        aborted: true,
        expiresAtS: 1_900_000_060,
      });
    });

    it("marks a claim done with its transaction only while the batch holds it, once", async () => {
      const store = makeStore();
      const key = keys()("a");
      await store.claimAll([{ key, claim: claim("b1") }]);
      const transaction = { key, batchId: "b1", atMs: NOW_MS, writes: [] };
      expect(await store.commitRecord(transaction)).toEqual({ kind: "committed" });
      expect(await store.commitRecord(transaction)).toEqual({ kind: "committed" });
      expect(await store.commitRecord({ ...transaction, batchId: "b2" })).toEqual({ kind: "lost" });
      expect((await store.readClaims([key])).get(key)).toEqual({
        ...claim("b1"),
        done: true,
        doneAtMs: NOW_MS,
      });
    });

    it("keeps a claim's attempt count through a take-over", async () => {
      // Arrange
      const store = makeStore();
      const key = keys()("a");
      await store.claimAll([{ key, claim: { ...claim("b1"), attempts: 1 } }]);

      // Act
      const before = (await store.readClaims([key])).get(key);
      await store.takeOverAll([
        { key, claim: { ...claim("b2"), attempts: 3 }, fromBatchId: "b1", nowMs: NOW_MS },
      ]);

      // Assert
      expect(before?.attempts).toBe(1);
      expect((await store.readClaims([key])).get(key)).toEqual({ ...claim("b2"), attempts: 3 });
    });

    it("takes a done claim over only once its window is over", async () => {
      const store = makeStore();
      const key = keys()("a");
      await store.claimAll([{ key, claim: claim("b1") }]);
      await store.commitRecord({ key, batchId: "b1", atMs: NOW_MS, writes: [] });
      const within = 1_900_003_599_000;
      const takeOver = (nowMs: number) =>
        store.takeOverAll([{ key, claim: claim("b2"), fromBatchId: "b1", nowMs }]);
      const done = { ...claim("b1"), done: true, doneAtMs: NOW_MS };
      expect(await takeOver(within)).toEqual([{ kind: "lost", current: done }]);
      expect(await takeOver(within + 1000)).toEqual([{ kind: "taken" }]);
      expect((await store.readClaims([key])).get(key)).toEqual(claim("b2"));
    });

    it("handles a full FIFO batch: 10 claims, then 25 keys read at once", async () => {
      const store = makeStore();
      const key = keys();
      const writes = Array.from({ length: 10 }, (_, i) => ({ key: key(`k${i}`), claim: claim("b1", i) }));
      const results = await store.claimAll(writes);
      expect(results.every((result) => result.kind === "claimed")).toBe(true);
      const many = [...writes.map((w) => w.key), ...Array.from({ length: 15 }, (_, i) => key(`none${i}`))];
      const read = await store.readClaims(many);
      expect(read.size).toBe(10);
      expect(read.get(key("k9"))?.slot).toBe(9);
    });
  });
};
