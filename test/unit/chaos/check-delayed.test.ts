import { describe, expect, it } from "vitest";
import { checkDelayed, type DelayedFacts } from "../../../chaos/check-delayed";
import type { LogEntry } from "../../../chaos/effect-log";

const delayed = (id: string, overrides: Partial<DelayedFacts> = {}): DelayedFacts => ({
  id,
  delayed: true,
  scheduled: true,
  notBefore: 1000,
  cancelled: overrides.cancel === 204 || overrides.cancel === 0,
  ...overrides,
});

const seen = (id: string, at: number): LogEntry => ({ k: "seen", id, at, a: 1 });

const check = (messages: DelayedFacts[], entries: LogEntry[], applied: string[], dead: string[] = []) =>
  checkDelayed(messages, entries, new Set(applied), new Set(dead));

describe("checkDelayed", () => {
  it("passes a delayed message first seen at its releaseAt and applied", () => {
    const result = check([delayed("a")], [seen("a", 1000)], ["a"]);

    expect(result).toMatchObject({ delayed: 1, lost: 0, early: 0, violations: 0 });
  });

  it("counts a delayed message the handler saw before its releaseAt as early, even if a later attempt was on time", () => {
    const result = check([delayed("a")], [seen("a", 999), seen("a", 5000)], ["a"]);

    expect([result.early, result.violations]).toEqual([1, 1]);
  });

  it("counts a scheduled message never applied and not a dead letter as lost; a dead letter is resolved", () => {
    // Arrange
    const messages = [delayed("a"), delayed("b")];

    // Act
    const result = check(messages, [], [], ["b"]);

    // Assert
    expect(result).toMatchObject({ lost: 1, violations: 1 });
  });

  it("requires a message whose cancel answered 204 never to reach the handler", () => {
    // Arrange
    const messages = [delayed("a", { cancel: 204 }), delayed("b", { cancel: 204 })];

    // Act
    const result = check(messages, [seen("b", 2000)], []);

    // Assert
    expect(result).toMatchObject({ cancelled: 2, cancelledApplied: 1, lost: 0, violations: 1 });
  });

  it("requires a message whose cancel answered 409 ALREADY_RELEASED to be applied", () => {
    // Arrange
    const messages = [delayed("a", { cancel: 409 }), delayed("b", { cancel: 409 })];

    // Act
    const result = check(messages, [seen("a", 2000)], ["a"]);

    // Assert
    expect(result).toMatchObject({ cancelTooLate: 2, lost: 1, violations: 1 });
  });

  it("accepts either outcome of a cancel none of whose requests was answered", () => {
    // Arrange
    const messages = [delayed("a", { cancel: 0 }), delayed("b", { cancel: 0 })];

    // Act
    const result = check(messages, [seen("a", 2000)], ["a"]);

    // Assert
    expect(result).toMatchObject({ cancelUnanswered: 2, lost: 0, cancelledApplied: 0, violations: 0 });
  });

  it("counts a cancel answered neither 204 nor 409 as a violation, and a delayed plan published at once apart", () => {
    // Arrange
    const messages = [delayed("a", { cancel: 404 }), delayed("b", { scheduled: false })];

    // Act
    const result = check(messages, [seen("a", 2000), seen("b", 10)], ["a", "b"]);

    // Assert
    expect(result).toMatchObject({ delayed: 1, delayedNow: 1, cancelOther: 1, early: 0, violations: 1 });
  });
});
