import { describe, expect, it } from "vitest";
import { readyBanner, readyLine } from "../../../local/banner";

/** A started stack as the banner sees it, with the given local state (`undefined`: none kept). */
const stackWith = <State>(state: State) => ({
  url: "http://127.0.0.1:3000/v1",
  apiKey: "k".repeat(32),
  operatorKey: "o".repeat(32),
  queues: [],
  sqsEndpoint: "http://127.0.0.1:1",
  dynamoDbEndpoint: "http://127.0.0.1:2",
  state,
});

describe("readyBanner", () => {
  it("starts with the exact ready line scripts wait for", () => {
    // Arrange
    const stack = stackWith(undefined);

    // Act
    const banner = readyBanner(stack);

    // Assert
    expect(readyLine(stack)).toBe(
      `fifoq local ready: http://127.0.0.1:3000/v1 api-key=${"k".repeat(32)} operator-key=${"o".repeat(32)}`,
    );
    expect(banner.split("\n")[0]).toBe(readyLine(stack));
    expect(banner.split("\n")[1]).toBe(
      `  export FIFOQ_URL=http://127.0.0.1:3000/v1 FIFOQ_API_KEY=${"k".repeat(32)} FIFOQ_OPERATOR_KEY=${"o".repeat(32)}`,
    );
    expect(banner).toContain("curl -sS -X POST 'http://127.0.0.1:3000/v1/queues/orders/messages'");
  });

  it.each([
    [true, /kept in \.fifoq\/ across restarts.*--reset deletes it\. Not kept: SQS's 5-minute deduplication/s],
    [false, /^ {2}state: {4}restored from \.fifoq\/ \(npm start -- --reset starts afresh\)$/m],
  ])("on a start with fresh=%s, says what is kept and what is not only the first time", (fresh, expected) => {
    // Arrange
    const stack = stackWith({
      dir: "/p/.fifoq",
      dynamoDbDir: "",
      sqsDir: "",
      keysFile: "",
      schedulerFile: "",
      fresh,
    });

    // Act
    const banner = readyBanner(stack, "/p");

    // Assert
    expect(banner).toMatch(expected);
    expect(banner.split("\n")[0]).toBe(readyLine(stack));
  });
});
