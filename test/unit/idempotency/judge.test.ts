import { describe, expect, it } from "vitest";
import { judge } from "../../../functions/core/idempotency/judge";
import type { Claim, Commit } from "../../../functions/core/idempotency/store-port";

const NOW = 1_000_000_000;
const claim: Claim = {
  batchId: "b1",
  slot: 2,
  messageId: "m",
  leaseUntilMs: NOW + 10,
  expiresAtS: NOW / 1000 + 60,
};
const committed = (doneSlots: number[]): Commit => ({ state: "COMMITTED", doneSlots, expiresAtS: 0 });
const context = { batchId: "mine", nowMs: NOW };

describe("judge", () => {
  it.each([
    ["the holder committed the slot as done", claim, committed([0, 2]), "duplicate"],
    ["the holder committed without the slot (released)", claim, committed([0, 1]), "take-over"],
    ["the holder was aborted", claim, { state: "ABORTED", expiresAtS: 0 } as Commit, "take-over"],
    ["no commit, lease running", claim, undefined, "busy"],
    ["no commit, lease over", { ...claim, leaseUntilMs: NOW }, undefined, "abort"],
    ["commit not read yet", claim, null, "need-commit"],
    ["our own claim (replayed insert)", { ...claim, batchId: "mine" }, null, "mine"],
    ["the window is over, even when done", { ...claim, expiresAtS: NOW / 1000 }, committed([2]), "take-over"],
  ])("%s → %s", (_name, given, commit, verdict) => {
    // Given a claim and its holder's commit / When judged / Then
    expect(judge(given, commit, context)).toBe(verdict);
  });
});
