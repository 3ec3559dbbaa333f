import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { humanLine } from "../../../local/terminal/human-lines";
import { createTerminalLogger } from "../../../local/terminal/terminal-logger";

const TIME = "2026-12-07T05:01:02.345Z";
// biome-ignore lint/suspicious/noControlCharactersInRegex: what must never reach the terminal
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const outcome = (fields: Record<string, unknown> = {}) => ({
  time: TIME,
  queue: "orders",
  outcome: "processed",
  messageId: "m-1",
  groupId: "customer-42",
  dedupId: "d-1",
  attempt: 1,
  durationMs: 12.4,
  ...fields,
});

describe("humanLine (npm start on a terminal)", () => {
  it("makes one concise line of a record outcome", () => {
    // Act
    const line = humanLine("info", "fifoq record outcome", outcome(), false);

    // Assert
    expect(line).toBe("05:01:02  orders  processed      message m-1  group customer-42  attempt 1  12 ms");
  });

  it("names the error of a failed record", () => {
    // Act
    const line = humanLine(
      "warn",
      "fifoq record outcome",
      outcome({ outcome: "failed", error: { name: "TypeError", message: "bad amount" } }),
      false,
    );

    // Assert
    expect(line).toMatch(/failed .* — TypeError: bad amount$/);
  });

  it.each([
    [200, false, undefined],
    [200, true, "05:01:02  GET /queues → 200  3 ms  request r-1"],
    [403, false, "05:01:02  GET /queues → 403  3 ms  request r-1"],
    [503, false, "05:01:02  GET /queues → 503  3 ms  request r-1"],
  ])("shows a request answered %i (debug %s) as %s", (status, debug, expected) => {
    // Act
    const line = humanLine(
      status >= 500 ? "error" : "info",
      "request",
      { time: TIME, method: "GET", path: "/queues", status, durationMs: 3, requestId: "r-1" },
      debug,
    );

    // Assert
    expect(line).toBe(expected);
  });

  it("shows metric lines only at debug", () => {
    // Act
    const hidden = humanLine("info", "fifoq metrics", { time: TIME, Published: 1 }, false);
    const shown = humanLine("info", "fifoq metrics", { time: TIME, Published: 1 }, true);

    // Assert
    expect(hidden).toBeUndefined();
    expect(shown).toContain('"Published":1');
  });

  it("escapes a forged line break, a bidi override and an escape sequence in untrusted values", () => {
    // Act
    const line = humanLine(
      "info",
      "fifoq record outcome",
      outcome({
        messageId: "m\n05:00:00  orders  dead-lettered",
        groupId: "\u202egnp.exe",
        queue: "\u001b[2J",
      }),
      false,
    );

    // Assert
    expect(line).not.toMatch(UNSAFE);
    expect(line).toContain("message m\\n05:00:00");
    expect(line).toContain("group \\u202egnp.exe");
    expect(line?.startsWith("05:01:02  \\x1b[2J")).toBe(true);
  });

  it("never writes an unsafe character or a line longer than its bounds, whatever the values", () => {
    fc.assert(
      fc.property(
        fc.record({
          messageId: fc.string({ maxLength: 5000 }),
          groupId: fc.string({ unit: "binary", maxLength: 500 }),
          error: fc.record({ name: fc.string(), message: fc.string({ unit: "binary", maxLength: 5000 }) }),
        }),
        (values) => {
          const line =
            humanLine("warn", "fifoq record outcome", outcome({ ...values, outcome: "failed" }), false) ?? "";
          expect(line).not.toMatch(UNSAFE);
          expect(line.length).toBeLessThan(1000);
        },
      ),
    );
  });

  it("the terminal logger writes the human line of each JSON line, at its level", () => {
    // Arrange
    const lines: string[] = [];
    const logger = createTerminalLogger({ level: "info", write: (line) => lines.push(line) });

    // Act
    logger.info("request", { method: "GET", path: "/queues", status: 200, requestId: "r-1" });
    logger.debug("something only for debugging");
    logger
      .child({ queue: "orders" })
      .info("fifoq record outcome", { outcome: "processed", messageId: "m-1" });

    // Assert
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d {2}orders {2}processed/);
  });
});
