import { describe, expect, it } from "vitest";
import type { Claim, Commit, IdempotencyStore } from "../../../functions/core/idempotency/store-port";

const claim = (batchId: string, slot = 0): Claim => ({
  batchId,
  slot,
  messageId: `m-${batchId}-${slot}`,
  leaseUntilMs: 1_900_000_000_123,
  expiresAtS: 1_900_003_600,
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
        { key: key("a"), claim: claim("b2", 3), fromBatchId: "b1" },
        { key: key("missing"), claim: claim("b2", 4), fromBatchId: "b1" },
      ]);
      expect(results).toEqual([{ kind: "taken" }, { kind: "lost", current: undefined }]);
      const again = await store.takeOverAll([{ key: key("a"), claim: claim("b3"), fromBatchId: "b1" }]);
      expect(again).toEqual([{ kind: "lost", current: claim("b2", 3) }]);
      expect((await store.readClaims([key("a")])).get(key("a"))).toEqual(claim("b2", 3));
    });

    it.each<[string, Commit]>([
      ["committed", { state: "COMMITTED", doneSlots: [0, 2, 9], expiresAtS: 1_900_003_600 }],
      ["committed with nothing done", { state: "COMMITTED", doneSlots: [], expiresAtS: 1_900_003_600 }],
      ["aborted", { state: "ABORTED", expiresAtS: 1_900_003_600 }],
    ])("writes a %s commit once and returns it to the second writer", async (_name, commit) => {
      const store = makeStore();
      const key = keys()("commit").replace("c#", "b#");
      expect(await store.putCommit(key, commit)).toEqual({ kind: "written" });
      const other: Commit = { state: "ABORTED", expiresAtS: 1 };
      expect(await store.putCommit(key, other)).toEqual({ kind: "exists", current: commit });
      expect(await store.readCommits([key, `${key}-missing`])).toEqual(new Map([[key, commit]]));
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
