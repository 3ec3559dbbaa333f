import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type EnvelopeContext, validateEnvelope } from "../../../functions/core/producer/envelope";
import { PRODUCER_LIMITS } from "../../../functions/core/producer/limits";
import { queueTarget } from "./fakes";

const valid = { body: { orderId: "o-1" }, groupId: "customer-42", dedupId: "order-o-1" };
const context: EnvelopeContext = { queue: queueTarget(), headerAllowed: true };
const issuesOf = (raw: unknown, ctx: EnvelopeContext = context) => {
  const result = validateEnvelope(raw, ctx);
  return result.ok ? [] : result.issues;
};

describe("validateEnvelope", () => {
  it("turns a valid envelope into the SQS message", () => {
    // Act
    const result = validateEnvelope({ ...valid, attributes: { source: "web" } }, context);
    // Assert
    expect(result).toEqual({
      ok: true,
      message: {
        body: '{"orderId":"o-1"}',
        groupId: "customer-42",
        dedupId: "order-o-1",
        attributes: { source: "web" },
        sizeBytes: 17 + "source".length + "String".length + "web".length,
      },
    });
  });

  it.each([null, "x", 1, [], true])("accepts any JSON body value (%j)", (body) => {
    expect(validateEnvelope({ ...valid, body }, context).ok).toBe(true);
  });

  it("requires a body key", () => {
    expect(issuesOf({ groupId: "g", dedupId: "d" })).toEqual([
      { field: "body", message: expect.stringMatching(/is required/) },
    ]);
  });

  it.each([
    [undefined, "is required"],
    ["", "1 to 128"],
    ["x".repeat(129), "1 to 128"],
    ["has space", "may only contain"],
    ["émile", "may only contain"],
    [42, "1 to 128"],
  ])("refuses groupId %j", (groupId, expected) => {
    const raw = groupId === undefined ? { body: 1, dedupId: "d" } : { ...valid, groupId };
    expect(issuesOf(raw)).toEqual([{ field: "groupId", message: expect.stringContaining(expected) }]);
  });

  it("accepts every character of SQS's allowed set in ids", () => {
    const all = "azAZ09!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    expect(validateEnvelope({ ...valid, groupId: all, dedupId: all }, context).ok).toBe(true);
    expect(validateEnvelope({ ...valid, groupId: "x".repeat(128) }, context).ok).toBe(true);
  });

  it("refuses an invalid dedupId", () => {
    expect(issuesOf({ ...valid, dedupId: "tab\there" })).toEqual([
      { field: "dedupId", message: expect.any(String) },
    ]);
  });

  it.each(["fifoq-redrive-m-1", "FIFOQ-x", "Fifoq-"])("refuses the reserved dedupId %j", (dedupId) => {
    expect(issuesOf({ ...valid, dedupId })).toEqual([
      { field: "dedupId", message: expect.stringMatching(/reserved for fifoq/) },
    ]);
  });

  it("refuses an Idempotency-Key with the reserved prefix in any case", () => {
    // Arrange
    const { dedupId: _, ...withoutDedupId } = valid;

    // Act
    const issues = issuesOf(withoutDedupId, { ...context, idempotencyKey: "fIfOq-redrive-m-1" });

    // Assert
    expect(issues).toEqual([
      { field: "Idempotency-Key", message: expect.stringMatching(/reserved for fifoq/) },
    ]);
  });

  it("refuses unknown fields, naming them", () => {
    expect(issuesOf({ ...valid, priority: 5 })).toEqual([
      { field: "priority", message: expect.stringContaining("not a known field") },
    ]);
  });

  it("reports every problem of an envelope at once", () => {
    // Act and assert
    expect(issuesOf({ groupId: "", extra: 1 }).map((issue) => issue.field)).toEqual([
      "extra",
      "body",
      "groupId",
    ]);
  });

  it.each([[[1]], ["x"], [null]])("refuses a non-object envelope %j", (raw) => {
    expect(issuesOf(raw)).toEqual([{ field: "(message)", message: expect.any(String) }]);
  });

  describe("attributes", () => {
    it("accepts 10 and refuses 11", () => {
      // Arrange
      const ten = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`a${i}`, "v"]));

      // Act and assert
      expect(validateEnvelope({ ...valid, attributes: ten }, context).ok).toBe(true);
      expect(issuesOf({ ...valid, attributes: { ...ten, a10: "v" } })).toEqual([
        { field: "attributes", message: expect.stringContaining("at most 10") },
      ]);
    });

    it.each([
      ["AWS.trace", "v", /must not start with "AWS."/],
      ["amazon.x", "v", /must not start with/],
      ["fifoq-dedup-id", "spoofed", /reserved for fifoq/],
      ["FIFOQ-anything", "v", /reserved for fifoq/],
      ["bad name", "v", /A-Z a-z 0-9/],
      ["a".repeat(257), "v", /1 to 256/],
      [".lead", "v", /period/],
      ["a..b", "v", /period/],
      ["ok", "", /non-empty string/],
      ["ok", 5, /non-empty string/],
      ["ok", "bad\u0001char", /U\+0001/],
    ])("refuses attribute %s = %j", (name, value, expected) => {
      expect(issuesOf({ ...valid, attributes: { [name]: value } })).toEqual([
        { field: `attributes.${name}`, message: expect.stringMatching(expected) },
      ]);
    });

    it.each([[["a"]], ["a"], [null]])("refuses attributes %j that are not an object", (attributes) => {
      expect(issuesOf({ ...valid, attributes })).toEqual([
        { field: "attributes", message: expect.any(String) },
      ]);
    });
  });

  it("refuses a body with characters SQS does not accept", () => {
    expect(issuesOf({ ...valid, body: "nope\uFFFF" })).toEqual([
      { field: "body", message: expect.stringContaining("U+FFFF") },
    ]);
  });

  it("accepts emoji and escapes control characters (JSON.stringify does)", () => {
    expect(validateEnvelope({ ...valid, body: "😀 \u0001" }, context).ok).toBe(true);
  });

  describe("size", () => {
    const limit = PRODUCER_LIMITS.maxMessageBytes;
    // JSON.stringify adds two quotes around a string body
    const bodyOfSize = (bytes: number) => "x".repeat(bytes - 2);

    it("accepts exactly the API's message limit (body + attributes)", () => {
      const attributes = { k: "v" }; // 1 + 6 + 1 = 8 bytes
      const result = validateEnvelope({ ...valid, body: bodyOfSize(limit - 8), attributes }, context);
      expect(result).toMatchObject({ ok: true, message: { sizeBytes: limit } });
    });

    it("flags one byte more as too large", () => {
      const result = validateEnvelope({ ...valid, body: bodyOfSize(limit + 1) }, context);
      expect(result).toMatchObject({ ok: false, tooLarge: true, issues: [{ field: "body" }] });
    });
  });

  describe("dedup id", () => {
    it("prefers dedupId over the Idempotency-Key header", () => {
      const result = validateEnvelope(valid, { ...context, idempotencyKey: "key-1" });
      expect(result).toMatchObject({ ok: true, message: { dedupId: "order-o-1" } });
    });

    it("uses the Idempotency-Key header when dedupId is absent", () => {
      const result = validateEnvelope({ body: 1, groupId: "g" }, { ...context, idempotencyKey: "key-1" });
      expect(result).toMatchObject({ ok: true, message: { dedupId: "key-1" } });
    });

    it("refuses an invalid Idempotency-Key header", () => {
      expect(issuesOf({ body: 1, groupId: "g" }, { ...context, idempotencyKey: "" })).toEqual([
        { field: "Idempotency-Key", message: expect.stringContaining("1 to 128") },
      ]);
    });

    it("falls back to the SHA-256 of the exact message body when the queue has content-based deduplication", () => {
      // Act
      const result = validateEnvelope(
        { body: { b: 1, a: [2] }, groupId: "g" },
        { queue: queueTarget({ contentBasedDeduplication: true }), headerAllowed: true },
      );

      // Assert
      const expected = createHash("sha256").update('{"b":1,"a":[2]}').digest("hex");
      expect(result).toMatchObject({ ok: true, message: { dedupId: expected } });
    });

    it("refuses, saying how to fix it, when the queue has content-based deduplication off", () => {
      // Act and assert
      expect(issuesOf({ body: 1, groupId: "g" })).toEqual([
        {
          field: "dedupId",
          message: expect.stringMatching(
            /content-based deduplication off.*Idempotency-Key header.*contentBasedDeduplication/,
          ),
        },
      ]);
    });
  });
});
