import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DeadLetterBodyChunk } from "../../../contract";
import { bodyChunk, offsetWithin, parseBodyOffset } from "../../../functions/core/dead-letters/body-chunk";
import { MAX_PAGE_BYTES, responseBytes } from "../../../functions/core/http/page-bytes";

const MIB = 1024 * 1024;

/** Every answer from offset 0, following `nextOffset` (bounded: a slice that makes no progress fails). */
const readAll = (body: string, maxBytes?: number): DeadLetterBodyChunk[] => {
  const chunks = [bodyChunk(body, 0, maxBytes)];
  for (let next = chunks[0]?.nextOffset; next !== undefined; next = chunks.at(-1)?.nextOffset) {
    if (chunks.length > 10_000 || next <= (chunks.at(-1)?.offset ?? -1)) throw new Error("no progress");
    chunks.push(bodyChunk(body, next, maxBytes));
  }
  return chunks;
};

const joined = (chunks: readonly DeadLetterBodyChunk[]) => chunks.map((chunk) => chunk.text).join("");

describe("a dead letter's body, a slice per answer", () => {
  it("reads 5 MiB of quotes back in a few answers, each within the budget, byte for byte", () => {
    // Arrange: a `"` weighs 4 bytes in Lambda's response: one answer carries about 1.25 Mi of them
    const body = '"'.repeat(5 * MIB);

    // Act
    const chunks = readAll(body);

    // Assert
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.length).toBeLessThanOrEqual(5);
    for (const chunk of chunks) expect(responseBytes(chunk)).toBeLessThanOrEqual(MAX_PAGE_BYTES);
    expect(joined(chunks) === body).toBe(true);
    expect(chunks.every((chunk) => chunk.totalLength === body.length)).toBe(true);
  });

  it("fills an answer close to the budget (no needless slices)", () => {
    // Arrange: control characters weigh 7 bytes each (`\\u0001`)
    const body = "\u0001".repeat(2 * MIB);

    // Act
    const first = bodyChunk(body, 0);

    // Assert
    expect(responseBytes(first)).toBeLessThanOrEqual(MAX_PAGE_BYTES);
    expect(responseBytes(first)).toBeGreaterThan(MAX_PAGE_BYTES - 8);
    expect(first.nextOffset).toBe(first.text.length);
  });

  it("never ends a slice between the halves of a surrogate pair", () => {
    // Arrange: pairs after one ASCII character, so an even cut would split one; a budget of a few pairs
    const body = `a${"\u{1F600}".repeat(50)}`;
    const budget = responseBytes({ offset: 0, text: "", totalLength: 101, nextOffset: 101 }) + 9;

    // Act
    const chunks = readAll(body, budget);

    // Assert
    expect(chunks.length).toBeGreaterThan(10);
    for (const { text } of chunks) {
      expect(text).not.toMatch(/[\ud800-\udbff]$|^[\udc00-\udfff]/);
      expect(text.length).toBeGreaterThan(0);
    }
    expect(joined(chunks)).toBe(body);
  });

  it("moves on by one whole character even when one outweighs the budget (a pair stays whole)", () => {
    // Arrange: a budget with room for one byte of text; a quote weighs 4, a pair 4
    const body = '"\u{1F600}"\u{1F600}';
    const budget = responseBytes({ offset: 0, text: "", totalLength: 6, nextOffset: 6 }) + 1;

    // Act
    const chunks = readAll(body, budget);

    // Assert
    expect(chunks.map((chunk) => chunk.text)).toEqual(['"', "\u{1F600}", '"', "\u{1F600}"]);
  });

  it("answers an empty text at the end, and one empty body at offset 0", () => {
    // Arrange
    const body = "abc";

    // Act
    const atEnd = bodyChunk(body, 3);
    const empty = bodyChunk("", 0);

    // Assert
    expect(atEnd).toEqual({ offset: 3, text: "", totalLength: 3 });
    expect(empty).toEqual({ offset: 0, text: "", totalLength: 0 });
  });

  it("reassembles any text exactly, each answer within its budget (property)", () => {
    // Arrange: quotes, backslashes, control characters, astral characters and lone surrogates
    const unit = fc.constantFrom(...'"\\\n\u0000\u001faé€', "\u{1F600}", "\ud800", "\udc00");
    const text = fc
      .array(fc.oneof(unit, fc.string({ unit: "binary" })), { maxLength: 60 })
      .map((parts) => parts.join(""));
    const extra = fc.integer({ min: 8, max: 80 });

    // Act + Assert
    fc.assert(
      fc.property(text, extra, (body, room) => {
        const budget =
          responseBytes({ offset: 0, text: "", totalLength: body.length, nextOffset: body.length }) + room;
        const chunks = readAll(body, budget);
        expect(joined(chunks)).toBe(body);
        for (const chunk of chunks) expect(responseBytes(chunk)).toBeLessThanOrEqual(budget);
      }),
    );
  });
});

describe("the offset of a body read", () => {
  /** The route's two steps: the shape before the record is read, the range once its length is known. */
  const offsetOf = (raw: string | undefined, length: number) =>
    offsetWithin(parseBodyOffset(raw), raw, length);

  it("takes a whole number up to the length, 0 when absent", () => {
    // Act + Assert
    expect([offsetOf(undefined, 5), offsetOf("", 5), offsetOf("5", 5)]).toEqual([0, 0, 5]);
  });

  it.each(["-1", "1.5", "abc", "1e3", " 1", "99999999999999999999"])(
    "refuses %j with INVALID_QUERY before any read",
    (raw) => {
      // Act
      const refuse = () => parseBodyOffset(raw);

      // Assert
      expect(refuse).toThrow(expect.objectContaining({ code: "INVALID_QUERY", status: 400 }));
      expect(refuse).toThrow(/offset: .* use a whole number: 0, then each answer's nextOffset/);
    },
  );

  it("refuses an offset past the body's length, saying the length", () => {
    // Act
    const refuse = () => offsetOf("6", 5);

    // Assert
    expect(refuse).toThrow(expect.objectContaining({ code: "INVALID_QUERY", status: 400 }));
    expect(refuse).toThrow(/use a whole number from 0 to the body's length \(5\)/);
  });
});
