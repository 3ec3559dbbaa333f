import { describe, expect, it } from "vitest";
import { createGroupTurns, createRecentlySent } from "../../../functions/core/scheduled/group-turns";

describe("group turns and recently sent", () => {
  it("runs one key's work one after the other, whatever the earlier one's outcome, and other keys alongside", async () => {
    // Arrange
    const turns = createGroupTurns();
    const log: string[] = [];
    const step =
      (name: string, fail = false) =>
      async () => {
        log.push(`start ${name}`);
        await new Promise((resolve) => setImmediate(resolve));
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };

    // Act
    const results = await Promise.allSettled([
      turns("g", step("a", true)),
      turns("g", step("b")),
      turns("h", step("c")),
    ]);

    // Assert
    expect(results.map((r) => r.status)).toEqual(["rejected", "fulfilled", "fulfilled"]);
    expect(log.indexOf("start b")).toBeGreaterThan(log.indexOf("end a"));
    expect(log.indexOf("start c")).toBeLessThan(log.indexOf("end a"));
  });

  it("remembers sent ids up to its limit, forgetting the oldest first", () => {
    // Arrange
    const sent = createRecentlySent(2);

    // Act
    for (const id of ["a", "b", "c"]) sent.add(id);

    // Assert
    expect([sent.has("a"), sent.has("b"), sent.has("c")]).toEqual([false, true, true]);
  });
});
