import { describe, expect, it } from "vitest";
import { readJsonBody } from "../../../functions/core/http/json-body";
import type { HttpRequest } from "../../../functions/core/http/types";

const request = (body: string | undefined, contentType?: string): HttpRequest => ({
  method: "POST",
  path: "/queues/orders/messages",
  headers: contentType === undefined ? {} : { "content-type": contentType },
  query: {},
  body,
});

const read = (body: string | undefined, contentType?: string, maxBytes = 1000) =>
  readJsonBody(request(body, contentType), { maxBytes });

describe("readJsonBody", () => {
  it.each(["application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8"])(
    "parses a body sent as %s",
    (contentType) => {
      expect(read('{"a":1}', contentType)).toEqual({ a: 1 });
    },
  );

  it.each([undefined, "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1"])(
    "refuses content type %s with 415",
    (contentType) => {
      expect(() => read('{"a":1}', contentType)).toThrow(
        expect.objectContaining({ code: "UNSUPPORTED_MEDIA_TYPE", status: 415 }),
      );
    },
  );

  it("refuses a body above the limit with 413", () => {
    expect(() => read(`"${"x".repeat(1000)}"`, "application/json")).toThrow(
      expect.objectContaining({ code: "PAYLOAD_TOO_LARGE", status: 413 }),
    );
  });

  it("counts the limit in UTF-8 bytes", () => {
    // Arrange: 400 three-byte characters: 1,202 bytes but 402 code units
    const body = `"${"€".repeat(400)}"`;
    expect(() => read(body, "application/json")).toThrow(expect.objectContaining({ status: 413 }));
  });

  it.each([undefined, "", "   "])("refuses an empty body (%j) with INVALID_JSON", (body) => {
    expect(() => read(body, "application/json")).toThrow(
      expect.objectContaining({ code: "INVALID_JSON", status: 400 }),
    );
  });

  it("refuses malformed JSON with INVALID_JSON and keeps the parser error as cause", () => {
    // Act and assert
    expect(() => read('{"a":', "application/json")).toThrow(
      expect.objectContaining({ code: "INVALID_JSON", cause: expect.any(SyntaxError) }),
    );
  });
});
