import { describe, expect, it } from "vitest";
import { isProxyResult, mergeResultHeaders } from "../../../local/gateway/write-result";

describe("isProxyResult", () => {
  it("accepts a status code with an optional string body and header maps", () => {
    // Act and assert
    expect(isProxyResult({ statusCode: 204 })).toBe(true);
    expect(
      isProxyResult({ statusCode: 200, body: "{}", headers: { a: 1 }, multiValueHeaders: { b: ["x"] } }),
    ).toBe(true);
  });

  it("refuses what API Gateway calls a malformed proxy response", () => {
    // Act and assert
    expect(isProxyResult(undefined)).toBe(false);
    expect(isProxyResult({ body: "{}" })).toBe(false);
    expect(isProxyResult({ statusCode: "200" })).toBe(false);
    expect(isProxyResult({ statusCode: 700 })).toBe(false);
    expect(isProxyResult({ statusCode: 200, body: { not: "a string" } })).toBe(false);
  });
});

describe("mergeResultHeaders", () => {
  it("takes a header's values from multiValueHeaders when both maps name it, whatever the case", () => {
    // Act
    const merged = mergeResultHeaders({
      statusCode: 200,
      body: "",
      headers: { "Set-Cookie": "a=1", "Retry-After": 3 },
      multiValueHeaders: { "set-cookie": ["b=2", "c=3"] },
    });

    // Assert
    expect([...merged.entries()]).toEqual([
      ["set-cookie", ["b=2", "c=3"]],
      ["Retry-After", ["3"]],
    ]);
  });
});
