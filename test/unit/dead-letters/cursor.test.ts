import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "../../../functions/core/dead-letters/cursor";
import { InvalidCursorError, InvalidDeadLetterQueryError } from "../../../functions/core/dead-letters/errors";
import { parseListQuery } from "../../../functions/core/dead-letters/list-query";

const key = { queue: "orders", id: "m-1", deadLetteredAt: "2026-03-01T10:00:00.000Z" };
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("cursor", () => {
  it("decodes what it encoded, as URL-safe text", () => {
    // Act
    const cursor = encodeCursor(key);

    // Assert
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, "orders")).toEqual(key);
  });

  it.each([
    ["not base64url", "abc$%"],
    ["not JSON", Buffer.from("{nope").toString("base64url")],
    ["another version", b64({ v: 2, q: "orders", i: "m-1", t: key.deadLetteredAt })],
    ["a missing id", b64({ v: 1, q: "orders", t: key.deadLetteredAt })],
    ["a time that is not ISO", b64({ v: 1, q: "orders", i: "m-1", t: "yesterday" })],
    ["an array", b64([1, 2])],
    [
      "an id no dead letter can have (it would reach DynamoDB)",
      b64({ ...{ v: 1, q: "orders", t: key.deadLetteredAt }, i: "x".repeat(1000) }),
    ],
    ["an id with a character ids never hold", b64({ v: 1, q: "orders", i: "a b", t: key.deadLetteredAt })],
    ["too long", "a".repeat(2049)],
  ])("refuses a cursor with %s", (_case, raw) => {
    expect(() => decodeCursor(raw, "orders")).toThrow(InvalidCursorError);
  });

  it("refuses a cursor issued for another queue with 400 INVALID_CURSOR", () => {
    // Arrange
    const cursor = encodeCursor({ ...key, queue: "payments" });

    // Act
    const error = (() => {
      try {
        decodeCursor(cursor, "orders");
      } catch (caught) {
        return caught;
      }
    })();

    // Assert
    expect(error).toBeInstanceOf(InvalidCursorError);
    expect(error).toMatchObject({ status: 400, code: "INVALID_CURSOR" });
  });
});

describe("parseListQuery", () => {
  it("defaults the limit to 20 and lists newest first", () => {
    // Act and assert
    expect(parseListQuery("orders", {})).toEqual({
      limit: 20,
      cursor: undefined,
      groupId: undefined,
      status: undefined,
      order: "newest",
    });
  });

  it("reads limit, cursor, groupId and status", () => {
    // Act
    const options = parseListQuery("orders", {
      limit: "100",
      cursor: encodeCursor(key),
      groupId: "customer-42",
      status: "redriven",
    });

    // Assert
    expect(options).toMatchObject({ limit: 100, cursor: key, groupId: "customer-42", status: "redriven" });
  });

  it.each([
    ["limit", { limit: "0" }],
    ["limit", { limit: "101" }],
    ["limit", { limit: "2.5" }],
    ["limit", { limit: "ten" }],
    ["status", { status: "pending" }],
    ["groupId", { groupId: "has space" }],
    ["groupId", { groupId: "x".repeat(129) }],
  ])("refuses a bad %s with 400 INVALID_QUERY naming it", (field, query) => {
    expect(() => parseListQuery("orders", query)).toThrow(InvalidDeadLetterQueryError);
    expect(() => parseListQuery("orders", query)).toThrow(new RegExp(`^${field}:`));
  });
});
