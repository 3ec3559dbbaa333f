import { describe, expect, it } from "vitest";
import { checkLarge, type LargeFacts } from "../../../chaos/check-large";
import { effectEntry } from "./effect-entry";

const large = (id: string, parked = false): LargeFacts => ({
  id,
  large: { bytes: 2_000_000, sha256: `hash-${id}`, parked },
});

const effect = (id: string, h?: string, b?: number) =>
  effectEntry(id, { ...(h === undefined ? {} : { h }), ...(b === undefined ? {} : { b }) });

describe("checkLarge", () => {
  it("passes large messages applied with the body published, and counts oversized dead letters", () => {
    // Arrange
    const messages = [large("a"), large("p", true), { id: "small" }];
    const deadLetters = [{ id: "d1", dedupId: "p", status: "redriven", offloaded: true }];

    // Act
    const result = checkLarge(
      messages,
      [effect("a", "hash-a", 2_000_000), effect("p", "hash-p", 2_000_000), effect("small")],
      deadLetters,
    );

    // Assert
    expect(result).toMatchObject({ large: 2, lost: 0, badBodies: 0, deadLetters: 1, violations: 0 });
  });

  it("counts an effect whose body hash or length differs from the published one", () => {
    // Arrange
    const messages = [large("a"), large("b")];

    // Act
    const result = checkLarge(
      messages,
      [effect("a", "hash-x", 2_000_000), effect("b", "hash-b", 1_048_576)],
      [],
    );

    // Assert
    expect(result).toMatchObject({ badBodies: 2, violations: 2 });
  });

  it("counts a redriven large message never applied as lost, one still a recorded dead letter as left dead", () => {
    // Arrange
    const deadLetters = [
      { id: "d1", dedupId: "p", status: "redriven", offloaded: true },
      { id: "d2", dedupId: "q", status: "new", offloaded: true },
    ];

    // Act
    const result = checkLarge([large("p", true), large("q", true)], [], deadLetters);

    // Assert
    expect(result).toMatchObject({ lost: 1, leftDead: 1, deadLetters: 2, violations: 1 });
  });
});
