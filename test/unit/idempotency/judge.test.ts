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
  // Each row: what is the case, the verdict, then the claim and its holder's commit (the title prints the first two).
  it.each([
    ["the slot is in the holder's commit", "duplicate", claim, commit([0, 2], "open")],
    [
      "the slot is in the holder's aborted commit (committed before the abort)",
      "duplicate",
      claim,
      commit([2], "aborted"),
    ],
    ["the claim was done by its own transaction", "duplicate", { ...claim, done: true }, null],
    ["the holder sealed its commit without the slot (released)", "take-over", claim, commit([0, 1], "final")],
    ["the holder was aborted without the slot", "take-over", claim, commit([0], "aborted")],
    ["no commit, lease running", "busy", claim, undefined],
    ["an open commit without the slot, lease running", "busy", claim, commit([0], "open")],
    ["no commit, lease over", "abort", { ...claim, leaseUntilMs: NOW }, undefined],
    [
      "an open commit without the slot, lease over",
      "abort",
      { ...claim, leaseUntilMs: NOW },
      commit([1], "open"),
    ],
    ["commit not read yet", "need-commit", claim, null],
    ["our own claim (replayed insert)", "mine", { ...claim, batchId: "mine" }, null],
    [
      "the window is over, even when done",
      "take-over",
      { ...claim, expiresAtS: NOW / 1000, done: true },
      commit([2], "final"),
    ],
  ] as const)("%s → %s", (_name, verdict, given, commit) => {
    // Arrange: a claim and its holder's commit / Act: judged / Assert
    expect(judge(given, commit, context)).toBe(verdict);
  });
});
