import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeText } from "../../../client/src/escape-text.js";
import { MAX_JSON_DEPTH as MAX_MESSAGE_DEPTH, nestsDeeperThan } from "../../../contract/json-depth";
import { UNSAFE_TEXT } from "../../support/unsafe-text";

/** Text rich in what a hostile server would send: controls, bidi overrides, surrogates, plain letters. */
const hostileText = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 0x9f }).map((code) => String.fromCharCode(code)),
      fc.constantFrom(
        "\u202e",
        "\u2066",
        "\u2069",
        "\u200f",
        "\u061c",
        "\u2028",
        "\u001b[2J",
        "\ud800",
        "😀",
      ),
      fc.string({ unit: "grapheme", maxLength: 5 }),
    ),
    { maxLength: 80 },
  )
  .map((parts) => parts.join(""));

describe("escapeText (every untrusted string the CLI prints)", () => {
  it("leaves nothing unsafe, stays within its bound, and is idempotent, on any text", () => {
    fc.assert(
      fc.property(hostileText, fc.integer({ min: 1, max: 120 }), (text, max) => {
        // Act
        const escaped = escapeText(text, max);

        // Assert
        expect(escaped).not.toMatch(UNSAFE_TEXT);
        expect(escaped).not.toContain("\n");
        expect(escaped.length).toBeLessThanOrEqual(max);
        if (escaped.length < max && !escaped.endsWith("…")) expect(escapeText(escaped, max)).toBe(escaped);
      }),
      { numRuns: 500 },
    );
  });

  it("keeps safe text as it is and cuts long text with …, never inside an escape or a surrogate pair", () => {
    // Act
    const plain = escapeText("orders: 3 dead letters — ünïcödé 😀");
    const cutInEscape = escapeText(`abc\u202e${"x".repeat(20)}`, 8);
    const cutInPair = escapeText(`abcdef😀xyz`, 8);

    // Assert
    expect(plain).toBe("orders: 3 dead letters — ünïcödé 😀");
    expect(cutInEscape).toBe("abc…");
    expect(cutInPair).toBe("abcdef…");
  });

  it("shows a value that is not a string (a server may send anything) as text", () => {
    expect(escapeText(42)).toBe("42");
    expect(escapeText(null)).toBe("null");
  });
});

describe("nestsDeeperThan (the client's own iterative depth check)", () => {
  it("measures any depth without recursion, even 200,000 levels", () => {
    // Arrange
    const deep = JSON.parse(`${"[".repeat(200_000)}${"]".repeat(200_000)}`);
    const atLimit = JSON.parse(`${'{"a":'.repeat(MAX_MESSAGE_DEPTH)}1${"}".repeat(MAX_MESSAGE_DEPTH)}`);

    // Act and assert
    expect(nestsDeeperThan(deep, MAX_MESSAGE_DEPTH)).toBe(true);
    expect(nestsDeeperThan(atLimit, MAX_MESSAGE_DEPTH)).toBe(false);
    expect(nestsDeeperThan([atLimit], MAX_MESSAGE_DEPTH)).toBe(true);
    expect(nestsDeeperThan("text", 0)).toBe(false);
  });
});
