import { describe, expect, it } from "vitest";
import {
  LAMBDA_RESPONSE_LIMIT_BYTES,
  ResponseSizeTooLargeError,
  withinResponseLimit,
} from "../../../local/functions/lambda-limits";

describe("Lambda's response limit, as the local API function applies it", () => {
  const answer = (body: string) => ({ statusCode: 200, body });
  /** The JSON of `answer("")` is `{"statusCode":200,"body":""}`: the body's characters come on top. */
  const envelope = JSON.stringify(answer("")).length;

  it("passes an answer whose JSON is exactly at the limit, and refuses one byte more", () => {
    // Arrange
    const atLimit = answer("a".repeat(LAMBDA_RESPONSE_LIMIT_BYTES - envelope));
    const over = answer("a".repeat(LAMBDA_RESPONSE_LIMIT_BYTES - envelope + 1));

    // Act
    const passed = withinResponseLimit(atLimit);

    // Assert
    expect(passed).toBe(atLimit);
    expect(() => withinResponseLimit(over)).toThrow(ResponseSizeTooLargeError);
  });

  it("counts the body as Lambda does: escaped inside the JSON, in UTF-8 bytes", () => {
    // Arrange: 3.2 M quotes are 6.4 MB escaped, 3.2 M "é" 6.4 MB in UTF-8 (both 3.2 M characters)
    const quotes = answer('"'.repeat(3_200_000));
    const accents = answer("é".repeat(3_200_000));

    // Act
    const refused = [quotes, accents].map((value) => {
      try {
        withinResponseLimit(value);
        return false;
      } catch (error) {
        return error instanceof ResponseSizeTooLargeError && error.name === "Function.ResponseSizeTooLarge";
      }
    });

    // Assert
    expect(refused).toEqual([true, true]);
  });
});
