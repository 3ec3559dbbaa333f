import { describe, expect, it } from "vitest";
import { judge } from "../../../functions/core/idempotency/resolve-contested";
import type { Claim, Commit } from "../../../functions/core/idempotency/store-port";

const NOW = 1_000_000_000;
const claim: Claim = {
  batchId: "b1",
  slot: 2,
  messageId: "m",
  leaseUntilMs: NOW + 10,
  expiresAtS: NOW / 1000 + 60,
  done: false,
};
const commit = (doneSlots: number[], seal: "final" | "aborted" | "open"): Commit => ({
  doneSlots,
  final: seal === "final",
  aborted: seal === "aborted",
  expiresAtS: 0,
});
const context = { batchId: "mine", nowMs: NOW };

describe("judge", () => {
  it.each([
    ["the slot is in the holder's commit", claim, commit([0, 2], "open"), "duplicate"],
    [
      "the slot is in the holder's aborted commit (committed before the abort)",
      claim,
      commit([2], "aborted"),
      "duplicate",
    ],
    ["the claim was done by its own transaction", { ...claim, done: true }, null, "duplicate"],
    ["the holder sealed its commit without the slot (released)", claim, commit([0, 1], "final"), "take-over"],
    ["the holder was aborted without the slot", claim, commit([0], "aborted"), "take-over"],
    ["no commit, lease running", claim, undefined, "busy"],
    ["an open commit without the slot, lease running", claim, commit([0], "open"), "busy"],
    ["no commit, lease over", { ...claim, leaseUntilMs: NOW }, undefined, "abort"],
    [
      "an open commit without the slot, lease over",
      { ...claim, leaseUntilMs: NOW },
      commit([1], "open"),
      "abort",
    ],
    ["commit not read yet", claim, null, "need-commit"],
    ["our own claim (replayed insert)", { ...claim, batchId: "mine" }, null, "mine"],
    [
      "the window is over, even when done",
      { ...claim, expiresAtS: NOW / 1000, done: true },
      commit([2], "final"),
      "take-over",
    ],
  ])("%s → %s", (_name, given, commit, verdict) => {
    // Arrange: a claim and its holder's commit / Act: judged / Assert
    expect(judge(given, commit, context)).toBe(verdict);
  });
});
