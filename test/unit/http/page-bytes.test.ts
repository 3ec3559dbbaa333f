import { describe, expect, it } from "vitest";
import { countFittingPage, MAX_PAGE_BYTES, responseBytes } from "../../../functions/core/http/page-bytes";

describe("the bytes an answer takes in Lambda's response", () => {
  it("counts the JSON once more escaped, as the proxy result's string body carries it", () => {
    // Arrange: `{"q":"\"\""}` is 12 bytes of JSON; as a JSON string each `"` and `\` is escaped again
    const value = { q: '""' };

    // Act
    const size = responseBytes(value);

    // Assert
    expect(JSON.stringify(value)).toBe('{"q":"\\"\\""}');
    expect(size).toBe(JSON.stringify(JSON.stringify(value)).length - 2);
    expect(size).toBe(20);
  });

  it("cuts a page where the escaped items pass the budget, never below one item", () => {
    // Arrange: two items of 1 MiB of quotes each: 4 MiB as JSON text (it would fit), 8 MiB escaped
    const quotes = (n: number) => ({ body: '"'.repeat(n) });
    const heavy = quotes(1024 * 1024);

    // Act
    const kept = [countFittingPage([heavy, heavy]), countFittingPage([quotes(MAX_PAGE_BYTES)])];

    // Assert
    expect(kept).toEqual([1, 1]);
    expect(countFittingPage([{ body: "x".repeat(1024 * 1024) }, { body: "y" }])).toBe(2);
  });
});
