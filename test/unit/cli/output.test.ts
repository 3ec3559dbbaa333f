import { describe, expect, it } from "vitest";
import { colorEnabled, escapeLines, Output } from "../../../client/src/cli/output.js";
import { escapeText } from "../../../client/src/escape-text.js";
import { capture } from "./cli-io";

const ESC = "\u001b";

describe("CLI output", () => {
  it("shows control characters from the API as escapes, so a body cannot drive the terminal", () => {
    const hostile = `${ESC}[2J${ESC}]0;owned\u0007 done\u009b31m`;

    expect(escapeText(hostile)).toBe("\\x1b[2J\\x1b]0;owned\\x07 done\\u009b31m");
    expect(escapeText("tab\tand\nnewline\u202e")).toBe("tab\\tand\\nnewline\\u202e");
    expect(escapeLines("ours\nthe server's\u2028")).toBe("ours\nthe server's\\u2028");
  });

  it("colours only a terminal, and never when NO_COLOR is set or TERM is dumb", () => {
    // Act and assert
    expect(colorEnabled({ isTTY: true, write: () => true }, {})).toBe(true);
    expect(colorEnabled({ isTTY: true, write: () => true }, { NO_COLOR: "1" })).toBe(false);
    expect(colorEnabled({ isTTY: true, write: () => true }, { TERM: "dumb" })).toBe(false);
    expect(colorEnabled({ isTTY: false, write: () => true }, {})).toBe(false);
  });

  it("prints aligned tables, right-aligning numbers and escaping cells", () => {
    // Arrange
    const stdout = capture(false);
    const output = new Output({ json: false, stdout, stderr: capture(), env: {} });

    // Act
    output.table(
      [
        { name: "orders", depth: 1200 },
        { name: `x${ESC}[31m`, depth: 7 },
      ],
      [
        { header: "QUEUE", value: (row) => row.name },
        { header: "DEPTH", value: (row) => String(row.depth), align: "right" },
      ],
    );

    // Assert
    expect(stdout.text).toBe("QUEUE      DEPTH\norders      1200\nx\\x1b[31m      7\n");
  });

  it("writes colour codes on a terminal unless NO_COLOR", () => {
    // Arrange
    const colored = capture(true);
    const plain = capture(true);

    // Act
    new Output({ json: false, stdout: colored, stderr: capture(), env: {} }).line(
      new Output({ json: false, stdout: colored, stderr: capture(), env: {} }).paint("ok", "green"),
    );
    new Output({ json: false, stdout: plain, stderr: capture(), env: { NO_COLOR: "1" } }).line(
      new Output({ json: false, stdout: plain, stderr: capture(), env: { NO_COLOR: "1" } }).paint(
        "ok",
        "green",
      ),
    );

    // Assert
    expect(colored.text).toBe(`${ESC}[32mok${ESC}[39m\n`);
    expect(plain.text).toBe("ok\n");
  });

  it.each([
    ["bold", 1, 22],
    ["dim", 2, 22],
    ["red", 31, 39],
    ["yellow", 33, 39],
    ["cyan", 36, 39],
  ] as const)("paints %s with SGR %i and ends it with %i", (tone, on, off) => {
    // Act
    const painted = new Output({ json: false, stdout: capture(true), stderr: capture(), env: {} }).paint(
      "x",
      tone,
    );

    // Assert
    expect(painted).toBe(`${ESC}[${on}mx${ESC}[${off}m`);
  });
});
