import { describe, expect, it } from "vitest";
import { missingPrints, printsPattern, runnableBlocks } from "../../integration/readme/readme-blocks";

describe("the README's runnable blocks", () => {
  it("takes only ```bash runnable blocks, with their # prints: patterns", () => {
    // Arrange
    const markdown = [
      "```bash",
      "npm start   # prints: not this one",
      "```",
      "```bash runnable",
      "echo hi   # prints: hi",
      "echo 'a b c'",
      "# prints: a … c",
      "```",
    ].join("\n");

    // Act
    const blocks = runnableBlocks(markdown);

    // Assert
    expect(blocks).toEqual([
      {
        line: 4,
        script: "echo hi   # prints: hi\necho 'a b c'\n# prints: a … c",
        expected: [/^hi$/, /^a .* c$/],
      },
    ]);
  });

  it("finds expected lines in order only, each a whole line", () => {
    // Arrange
    const expected = [printsPattern("first …"), printsPattern("second")];

    // Act and assert
    expect(missingPrints("first one\nsecond\n", expected)).toEqual([]);
    expect(missingPrints("second\nfirst one\n", expected)).toEqual([expected[1]]);
    expect(missingPrints("first one\nthe second\n", expected)).toEqual([expected[1]]);
  });
});
